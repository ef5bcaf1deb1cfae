// SPDX-License-Identifier: GPL-3.0-or-later
#include "batchcommands.h"

#include "arguments.h"
#include "commandoptions.h"
#include "commands.h"

#include "brushwork/commalist.h"
#include "brushwork/collection.h"
#include "brushwork/error.h"
#include "brushwork/outputpath.h"
#include "brushwork/printable.h"
#include "brushwork/atomicfile.h"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <sstream>

namespace cli {
namespace {

namespace fs = std::filesystem;

const std::set<std::string> kListOptions = {"photos", "paintings", "models", "seeds"};

/// Takes `--photos a b c` style lists out of `args` (up to the next option).
std::map<std::string, std::vector<std::string>> takeLists(std::vector<std::string>& args)
{
    std::map<std::string, std::vector<std::string>> lists;
    std::vector<std::string> rest;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string name = args[i].rfind("--", 0) == 0 ? args[i].substr(2) : std::string();
        if (!kListOptions.count(name)) {
            rest.push_back(args[i]);
            continue;
        }
        std::vector<std::string>& list = lists[name];
        while (i + 1 < args.size() && args[i + 1].rfind("--", 0) != 0)
            list.push_back(args[++i]);
        if (list.empty())
            throw UsageError("--" + name + " needs at least one value");
    }
    args = rest;
    return lists;
}

/// Paths as the plan keeps them: relative to the plan's folder when inside
/// it (the folder can move), else absolute.
std::string planPath(const std::string& path, const fs::path& planFolder)
{
    const fs::path full = fs::absolute(path).lexically_normal();
    const fs::path relative = full.lexically_relative(planFolder);
    if (!relative.empty() && *relative.begin() != "..")
        return relative.string();
    return full.string();
}

void requirePrintable(const std::string& option, const std::string& value)
{
    if (!brushwork::isPrintableText(value))
        throw UsageError("--" + option + " \"" + brushwork::printableText(value) +
                         "\" is not printable text (invalid UTF-8 or control characters); rename the file or "
                         "change the text");
}

} // namespace

int batchNewCommand(const std::vector<std::string>& rawArgs)
{
    std::vector<std::string> args = withLongOutput(rawArgs);
    const auto lists = takeLists(args);
    std::set<std::string> valued = {"o", "output", "name", "method", "region"};
    std::set<std::string> flags = {"overwrite"};
    for (const brushwork::RunSetting& setting : brushwork::runSettings())
        if (setting.inPlans && setting.flag)
            (setting.kind == brushwork::SettingKind::Flag ? flags : valued).insert(setting.flag);
    const Arguments parsed(args, valued, flags);
    if (!parsed.positional().empty())
        throw UsageError("batch new takes no plain arguments (\"" + parsed.positional()[0] +
                         "\"); give the pictures with --photos and --paintings");
    const auto output = parsed.text("o") ? parsed.text("o") : parsed.text("output");
    if (!output)
        throw UsageError("batch new needs -o PLAN.json, the plan to write");
    const auto find = [&](const std::string& name) {
        const auto found = lists.find(name);
        return found == lists.end() ? std::vector<std::string>() : found->second;
    };
    const fs::path planFolder = fs::absolute(*output).lexically_normal().parent_path();
    // Everything that goes into the plan is text a JSON file can hold,
    // checked before anything is written.
    requirePrintable("name", parsed.text("name", ""));
    std::vector<std::string> inputs;
    for (const auto& [name, values] : lists)
        for (const std::string& value : values) {
            requirePrintable(name, value);
            if (name != "seeds")
                for (const std::string& file : brushwork::splitCommaList(value))
                    inputs.push_back(file);
        }
    for (const std::string& region : parsed.texts("region")) {
        requirePrintable("region", region);
        inputs.push_back(region.substr(region.find('=') + 1));
    }
    if (const auto weights = parsed.text("weights"))
        inputs.push_back(*weights);
    brushwork::checkOutputPath(*output, {"the plan", {}, false, parsed.has("overwrite")}, inputs);

    brushwork::CollectionPlan plan;
    plan.name = parsed.text("name", "");
    const std::string method = parsed.choice("method", {"optimize", "fast", "instant"});
    plan.method = method == "fast"      ? brushwork::PaintMethod::Fast
                  : method == "instant" ? brushwork::PaintMethod::Instant
                                        : brushwork::PaintMethod::Optimize;
    brushwork::PlanGrid grid;
    for (const std::string& photo : find("photos"))
        grid.photos.push_back(planPath(photo, planFolder));
    for (const std::string& blend : find("paintings")) {
        std::vector<std::string> paintings;
        for (const std::string& painting : brushwork::splitCommaList(blend))
            paintings.push_back(planPath(painting, planFolder));
        grid.paintings.push_back(paintings);
    }
    for (const std::string& model : find("models"))
        grid.models.push_back(planPath(model, planFolder));
    for (const std::string& seed : find("seeds")) {
        if (seed.empty() || seed.find_first_not_of("0123456789") != std::string::npos || seed.size() > 19)
            throw UsageError("--seeds: \"" + seed + "\" is not a whole number of at least 0");
        grid.seeds.push_back(std::stoull(seed));
    }
    if (grid.photos.empty())
        throw UsageError("batch new needs --photos FILE...");
    if (plan.method == brushwork::PaintMethod::Fast ? grid.models.empty() : grid.paintings.empty())
        throw UsageError(plan.method == brushwork::PaintMethod::Fast ? "--method fast needs --models FILE..."
                                                                     : "batch new needs --paintings FILE...");
    plan.grid = grid;
    // Every piece's regions: a painting's number is checked against each piece's blend when the plan is expanded.
    std::size_t blend = 1;
    for (const auto& paintings : grid.paintings)
        blend = std::max(blend, paintings.size());
    for (const std::string& value : parsed.texts("region")) {
        const RegionOption given = regionOption(value, blend);
        brushwork::PlanRegion region;
        region.painting = given.painting;
        region.mask = planPath(given.mask, planFolder);
        plan.regions.push_back(region);
    }

    for (const brushwork::RunSetting& setting : brushwork::runSettings()) {
        if (!setting.inPlans || !setting.flag || !parsed.has(setting.flag))
            continue;
        // As given: the plan's own check judges it, as it judges a plan written by hand.
        const std::string value = setting.kind == brushwork::SettingKind::Flag ? settingOption(parsed, setting)
                                                                               : *parsed.text(setting.flag);
        plan.settings[setting.name] = std::string(setting.name) == "weights" ? planPath(value, planFolder) : value;
    }

    // The plan goes through the same checks as a plan written by hand.
    const std::string text = brushwork::planToJson(plan);
    const std::vector<brushwork::CollectionPiece> pieces =
        brushwork::expandPlan(brushwork::planFromJson(text, *output, planFolder.string()), *output);
    brushwork::writeFileAtomically(*output, "the plan", text.data(), text.size());
    std::cerr << "Wrote " << *output << ": " << pieces.size() << " piece" << (pieces.size() == 1 ? "" : "s") << "\n";
    return kSuccess;
}

} // namespace cli
