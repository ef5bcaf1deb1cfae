// SPDX-License-Identifier: GPL-3.0-or-later
#include "jobupload.h"

#include "brushwork/atomicfile.h"
#include "brushwork/error.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <random>

namespace brushwork {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kSettingsName = "the job's settings";
constexpr const char* kPlanPrefix = "the plan cannot be used: ";
constexpr const char* kSettingsRemedy =
    "Correct the settings: they take the keys and values of a collection plan's \"settings\" (docs/collections.md)";

std::string randomId()
{
    std::random_device device;
    std::uniform_int_distribution<unsigned> digit(0, 15);
    std::string id;
    for (int i = 0; i < 16; ++i)
        id += "0123456789abcdef"[digit(device)];
    return id;
}

[[noreturn]] void refuseSettings(const std::string& problem)
{
    throw Error(ErrorKind::BadInput, kSettingsName, problem, kSettingsRemedy);
}

/// The plan's checks with the API's remedy: a client sent no plan file.
template <typename F>
auto asSettings(F&& work)
{
    try {
        return work();
    } catch (const Error& error) {
        if (error.kind() != ErrorKind::BadInput)
            throw;
        std::string reason = error.reason();
        if (reason.rfind(kPlanPrefix, 0) == 0)
            reason = reason.substr(std::string(kPlanPrefix).size());
        refuseSettings(reason);
    }
}

} // namespace

bool isServerOwnedSetting(const std::string& key)
{
    // They would make the server open a file or load another network than
    // the one it serves with.
    return key == "weights" || key == "network" || key == "precision" || key == "memory_budget";
}

std::string makeJobFolder(const std::string& jobsFolder)
{
    for (;;) {
        const std::string id = randomId();
        std::error_code error;
        fs::create_directories(jobsFolder, error);
        if (fs::create_directory(fs::path(jobsFolder) / id, error))
            return id;
        if (error)
            throw Error(ErrorKind::Io, jobsFolder, "a job's folder cannot be made there (" + error.message() + ")",
                        "Give the server a writable --data folder");
    }
}

CollectionPiece storeUpload(const JobFiles& files, const JobUpload& upload)
{
    const json settings = json::parse(upload.settingsJson, nullptr, false);
    if (settings.is_discarded() || !settings.is_object())
        refuseSettings("they are not a JSON object");
    for (const auto& item : settings.items())
        if (isServerOwnedSetting(item.key()))
            refuseSettings("\"" + item.key() + "\" is the server's to choose, not a job's");
    if (upload.paintings.empty())
        refuseSettings("a job needs at least one painting");
    writeFileAtomically(files.photo(), "the photo", upload.photo.data(), upload.photo.size());
    json piece = {{"id", "job"}, {"photo", files.photo()}, {"paintings", json::array()}};
    for (std::size_t i = 0; i < upload.paintings.size(); ++i) {
        writeFileAtomically(files.painting(i), "a painting", upload.paintings[i].data(), upload.paintings[i].size());
        piece["paintings"].push_back(files.painting(i));
    }
    const json plan = {{"format", "brushwork-collection-plan"}, {"version", kCollectionPlanVersion},
                       {"method", methodName(upload.method)},  {"settings", settings},
                       {"pieces", json::array({piece})}};
    const CollectionPiece expanded = asSettings([&] {
        const std::vector<CollectionPiece> pieces =
            expandPlan(planFromJson(plan.dump(), kSettingsName, files.folder), kSettingsName);
        (void)styleParamsOf(pieces.at(0)); // the checks a painter makes, made before it is queued
        return pieces.at(0);
    });
    const std::string text = planToJson(planOfPieces("job", {expanded}));
    writeFileAtomically(files.plan(), "the job's plan", text.data(), text.size());
    return expanded;
}

CollectionPiece loadJobPiece(const JobFiles& files)
{
    const std::vector<CollectionPiece> pieces = expandPlan(loadPlan(files.plan()), files.plan());
    if (pieces.size() != 1)
        throw Error(ErrorKind::BadInput, files.plan(), "the job's plan should hold one piece", "Remove the job's folder");
    return pieces[0];
}

} // namespace brushwork
