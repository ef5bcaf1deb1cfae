// SPDX-License-Identifier: GPL-3.0-or-later
// A plan's JSON: read with every key and value checked, and written back.
#include "brushwork/collection.h"

#include "collection/planproblem.h"
#include "collection/planregions.h"
#include "collection/plansettings.h"
#include "support/inputfile.h"
#include "brushwork/printable.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <set>

namespace brushwork {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

constexpr const char* kFormat = "brushwork-collection-plan";

[[noreturn]] void refuse(const std::string& fileName, const std::string& problem)
{
    refusePlan(fileName, problem);
}


/// Checks the keys and types of one JSON object, naming it ("grid",
/// "pieces[2]") in every error.
class Entry {
public:
    Entry(const json& object, std::string name, const std::string& fileName, const std::set<std::string>& allowed)
        : mObject(object)
        , mName(std::move(name))
        , mFile(fileName)
    {
        if (!mObject.is_object())
            fail("should be an object");
        for (const auto& item : mObject.items())
            if (!allowed.count(item.key()))
                fail("has an unknown key \"" + item.key() + "\"");
    }

    [[noreturn]] void fail(const std::string& problem) const
    {
        refuse(mFile, (mName.empty() ? std::string("the file") : "\"" + mName + "\"") + " " + problem);
    }

    std::string key(const std::string& name) const { return mName.empty() ? name : mName + "." + name; }
    bool has(const std::string& name) const { return mObject.contains(name); }
    const json& at(const std::string& name) const { return mObject.at(name); }

    std::string text(const std::string& name, bool needed = false) const
    {
        if (!has(name)) {
            if (needed)
                refuse(mFile, "\"" + key(name) + "\" is missing");
            return {};
        }
        if (!at(name).is_string() || at(name).get<std::string>().empty())
            refuse(mFile, "\"" + key(name) + "\" should be text");
        return at(name).get<std::string>();
    }

    const json& list(const std::string& name) const
    {
        static const json empty = json::array();
        if (!has(name))
            return empty;
        if (!at(name).is_array())
            refuse(mFile, "\"" + key(name) + "\" should be a list");
        return at(name);
    }

    std::vector<std::string> texts(const std::string& name) const
    {
        std::vector<std::string> values;
        for (const json& value : list(name)) {
            if (!value.is_string() || value.get<std::string>().empty())
                refuse(mFile, "\"" + key(name) + "\" should hold file names");
            values.push_back(value.get<std::string>());
        }
        return values;
    }

    const std::string& file() const { return mFile; }
    const json& object() const { return mObject; }

private:
    const json& mObject;
    std::string mName;
    std::string mFile;
};

std::string resolved(const std::string& path, const std::string& baseFolder)
{
    if (path.empty())
        return path;
    const fs::path full = fs::path(path).is_absolute() ? fs::path(path) : fs::path(baseFolder) / path;
    return full.lexically_normal().string();
}

PaintMethod methodFrom(const Entry& entry)
{
    const std::string name = entry.text("method");
    if (name == "optimize")
        return PaintMethod::Optimize;
    if (name == "fast")
        return PaintMethod::Fast;
    if (name == "instant")
        return PaintMethod::Instant;
    refuse(entry.file(), "\"" + entry.key("method") + "\" is \"" + name +
                             "\"; the methods are \"optimize\" (a feature network), \"fast\" (a style network) "
                             "and \"instant\" (the built-in arbitrary-style network)");
}

/// A "settings" object: every key known, every value of its kind, turned
/// into text; paths made absolute.
PlanSettings settingsFrom(const json& object, const std::string& name, const std::string& fileName,
                          const std::string& baseFolder, const std::set<std::string>& alsoAllowed = {})
{
    std::set<std::string> allowed(planSettingKeys().begin(), planSettingKeys().end());
    allowed.insert(alsoAllowed.begin(), alsoAllowed.end());
    const Entry entry(object, name, fileName, allowed);
    PlanSettings settings;
    for (const auto& item : object.items()) {
        if (alsoAllowed.count(item.key()))
            continue;
        std::string problem;
        std::string text = settingText(item.key(), item.value(), problem);
        if (!problem.empty())
            refuse(fileName, "\"" + entry.key(item.key()) + "\" " + problem);
        if (isPathSetting(item.key()))
            text = resolved(text, baseFolder);
        settings[item.key()] = text;
    }
    return settings;
}

json settingsJson(const PlanSettings& settings)
{
    json object = json::object();
    for (const auto& [key, value] : settings)
        object[key] = settingJson(key, value);
    return object;
}

std::vector<std::string> paintingList(const json& value, const std::string& name, const std::string& fileName,
                                      const std::string& baseFolder)
{
    std::vector<std::string> paintings;
    if (value.is_string() && !value.get<std::string>().empty()) {
        paintings.push_back(resolved(value.get<std::string>(), baseFolder));
    } else if (value.is_array() && !value.empty()) {
        for (const json& painting : value) {
            if (!painting.is_string() || painting.get<std::string>().empty())
                refuse(fileName, "\"" + name + "\" should hold file names");
            paintings.push_back(resolved(painting.get<std::string>(), baseFolder));
        }
    } else {
        refuse(fileName, "\"" + name + "\" should be a file name or a list of file names (a blend)");
    }
    return paintings;
}

std::vector<PlanRegion> regionsFrom(const Entry& entry, const std::string& baseFolder)
{
    std::vector<PlanRegion> regions = planRegionsFromJson(
        entry.at("regions"), entry.key("regions"), [&](const std::string& problem) { refuse(entry.file(), problem); });
    for (PlanRegion& region : regions)
        region.mask = resolved(region.mask, baseFolder);
    return regions;
}

PlanGrid gridFrom(const json& object, const std::string& fileName, const std::string& baseFolder)
{
    const Entry entry(object, "grid", fileName, {"photos", "paintings", "models", "seeds", "settings"});
    PlanGrid grid;
    for (const std::string& photo : entry.texts("photos"))
        grid.photos.push_back(resolved(photo, baseFolder));
    if (grid.photos.empty())
        entry.fail("needs \"photos\", a list of at least one photo");
    const json& paintings = entry.list("paintings");
    for (std::size_t i = 0; i < paintings.size(); ++i)
        grid.paintings.push_back(
            paintingList(paintings[i], "grid.paintings[" + std::to_string(i) + "]", fileName, baseFolder));
    for (const std::string& model : entry.texts("models"))
        grid.models.push_back(resolved(model, baseFolder));
    for (const json& seed : entry.list("seeds")) {
        if (!seed.is_number_unsigned())
            entry.fail("\"seeds\" should hold whole numbers of at least 0");
        grid.seeds.push_back(seed.get<std::uint64_t>());
    }
    const json& named = entry.list("settings");
    std::set<std::string> names;
    for (std::size_t i = 0; i < named.size(); ++i) {
        const std::string place = "grid.settings[" + std::to_string(i) + "]";
        if (!named[i].is_object() || !named[i].contains("name") || !named[i]["name"].is_string() ||
            named[i]["name"].get<std::string>().empty())
            refuse(fileName, "\"" + place + "\" needs a \"name\"");
        const std::string name = named[i]["name"].get<std::string>();
        if (!names.insert(name).second)
            refuse(fileName, "\"" + place + "\": the name \"" + name + "\" is used twice");
        grid.settings.emplace_back(name, settingsFrom(named[i], place, fileName, baseFolder, {"name"}));
    }
    return grid;
}

PlanPieceEntry pieceFrom(const json& object, std::size_t i, const std::string& fileName, const std::string& baseFolder)
{
    const std::string name = "pieces[" + std::to_string(i) + "]";
    const Entry entry(object, name, fileName, {"id", "method", "photo", "paintings", "model", "settings", "regions"});
    PlanPieceEntry piece;
    piece.id = entry.text("id");
    if (entry.has("method"))
        piece.method = methodFrom(entry);
    piece.photo = resolved(entry.text("photo", true), baseFolder);
    if (entry.has("paintings"))
        piece.paintings = paintingList(entry.at("paintings"), entry.key("paintings"), fileName, baseFolder);
    piece.model = resolved(entry.text("model"), baseFolder);
    if (entry.has("settings"))
        piece.settings = settingsFrom(entry.at("settings"), entry.key("settings"), fileName, baseFolder);
    if (entry.has("regions"))
        piece.regions = regionsFrom(entry, baseFolder);
    return piece;
}

json paintingsJson(const std::vector<std::string>& paintings)
{
    return paintings.size() == 1 ? json(paintings[0]) : json(paintings);
}

} // namespace

const char* methodName(PaintMethod method)
{
    switch (method) {
    case PaintMethod::Fast:
        return "fast";
    case PaintMethod::Instant:
        return "instant";
    case PaintMethod::Optimize:
        break;
    }
    return "optimize";
}

CollectionPlan planFromJson(const std::string& text, const std::string& fileName, const std::string& baseFolder)
{
    const json root = json::parse(text, nullptr, false);
    if (root.is_discarded())
        refuse(fileName, "it is not valid JSON");
    // Another kind of file (a project, say) is named as such, not by its first unknown key.
    if (!root.is_object() || !root.contains("format") || root.at("format") != kFormat)
        refuse(fileName, "it is not a Brushwork collection plan (\"format\" should be \"" + std::string(kFormat) + "\")");
    const Entry entry(root, {}, fileName,
                      {"format", "version", "name", "method", "settings", "regions", "grid", "pieces", "overrides"});
    if (!entry.has("version") || !entry.at("version").is_number_unsigned() || entry.at("version").get<std::uint64_t>() < 1)
        refuse(fileName, "\"version\" should be a whole number of at least 1");
    const std::uint64_t version = entry.at("version").get<std::uint64_t>();
    if (version > std::uint64_t(kCollectionPlanVersion))
        throw Error(ErrorKind::BadInput, fileName,
                    "the plan was written for a newer Brushwork (format " + std::to_string(version) +
                        "; this one reads up to " + std::to_string(kCollectionPlanVersion) + ")",
                    "Use a newer version of Brushwork");
    CollectionPlan plan;
    plan.name = entry.has("name") ? entry.text("name") : std::string();
    // The name reaches job scripts, metadata and terminals.
    if (!isPrintableText(plan.name))
        refuse(fileName, "\"name\" holds control characters (\"" + printableText(plan.name) + "\")");
    if (entry.has("method"))
        plan.method = methodFrom(entry);
    if (entry.has("settings"))
        plan.settings = settingsFrom(entry.at("settings"), "settings", fileName, baseFolder);
    if (entry.has("regions"))
        plan.regions = regionsFrom(entry, baseFolder);
    if (entry.has("grid"))
        plan.grid = gridFrom(entry.at("grid"), fileName, baseFolder);
    const json& pieces = entry.list("pieces");
    for (std::size_t i = 0; i < pieces.size(); ++i)
        plan.pieces.push_back(pieceFrom(pieces[i], i, fileName, baseFolder));
    if (!plan.grid && plan.pieces.empty())
        refuse(fileName, "it has neither a \"grid\" nor \"pieces\"");
    if (entry.has("overrides")) {
        if (!entry.at("overrides").is_object())
            refuse(fileName, "\"overrides\" should be an object of piece ids");
        for (const auto& item : entry.at("overrides").items())
            plan.overrides[item.key()] = settingsFrom(item.value(), "overrides." + item.key(), fileName, baseFolder);
    }
    return plan;
}

CollectionPlan loadPlan(const std::string& path)
{
    // A FIFO or /dev/zero planted as a plan or a folder's manifest is refused
    // before it is opened, as pictures are.
    const std::vector<unsigned char> bytes = readInputFile(path, kPlanInput);
    std::error_code error;
    const fs::path absolute = fs::absolute(path, error);
    return planFromJson(std::string(bytes.begin(), bytes.end()), path,
                        (error ? fs::path(path) : absolute).parent_path().string());
}

std::string planToJson(const CollectionPlan& plan)
{
    json root = {{"format", kFormat}, {"version", kCollectionPlanVersion}};
    if (!plan.name.empty())
        root["name"] = plan.name;
    root["method"] = methodName(plan.method);
    if (!plan.settings.empty())
        root["settings"] = settingsJson(plan.settings);
    if (!plan.regions.empty())
        root["regions"] = planRegionsJson(plan.regions);
    if (plan.grid) {
        json grid = {{"photos", plan.grid->photos}};
        if (!plan.grid->paintings.empty()) {
            grid["paintings"] = json::array();
            for (const auto& paintings : plan.grid->paintings)
                grid["paintings"].push_back(paintingsJson(paintings));
        }
        if (!plan.grid->models.empty())
            grid["models"] = plan.grid->models;
        if (!plan.grid->seeds.empty())
            grid["seeds"] = plan.grid->seeds;
        if (!plan.grid->settings.empty()) {
            grid["settings"] = json::array();
            for (const auto& [name, settings] : plan.grid->settings) {
                json named = settingsJson(settings);
                named["name"] = name;
                grid["settings"].push_back(named);
            }
        }
        root["grid"] = grid;
    }
    if (!plan.pieces.empty()) {
        root["pieces"] = json::array();
        for (const PlanPieceEntry& entry : plan.pieces) {
            json piece = json::object();
            if (!entry.id.empty())
                piece["id"] = entry.id;
            if (entry.method)
                piece["method"] = methodName(*entry.method);
            piece["photo"] = entry.photo;
            if (!entry.paintings.empty())
                piece["paintings"] = paintingsJson(entry.paintings);
            if (!entry.model.empty())
                piece["model"] = entry.model;
            if (!entry.settings.empty())
                piece["settings"] = settingsJson(entry.settings);
            if (entry.regions)
                piece["regions"] = planRegionsJson(*entry.regions);
            root["pieces"].push_back(piece);
        }
    }
    if (!plan.overrides.empty()) {
        root["overrides"] = json::object();
        for (const auto& [id, settings] : plan.overrides)
            root["overrides"][id] = settingsJson(settings);
    }
    return root.dump(2) + "\n";
}

} // namespace brushwork
