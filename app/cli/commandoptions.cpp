// SPDX-License-Identifier: GPL-3.0-or-later
#include "commandoptions.h"

#include "brushwork/cputhreads.h"
#include "brushwork/engineoptions.h"
#include "brushwork/image.h"
#include "brushwork/memorybudget.h"
#include "brushwork/regionmask.h"

#include <algorithm>
#include <iostream>

namespace cli {
namespace {

/// The flags of the settings of `group`: those taking a value, or none.
std::set<std::string> settingFlags(brushwork::SettingGroup group, bool valued)
{
    std::set<std::string> names;
    for (const brushwork::RunSetting& setting : brushwork::runSettings())
        if (setting.group == group && setting.flag && (setting.kind != brushwork::SettingKind::Flag) == valued)
            names.insert(setting.flag);
    return names;
}

const brushwork::RunSetting& setting(const char* name)
{
    return *brushwork::findRunSetting(name);
}

} // namespace

int threadsOption(const Arguments& args)
{
    const int threads = args.integer("threads", 0, 0, 1024);
    if (threads > brushwork::cpuThreadLimit())
        std::cerr << "Note: --threads " << threads << " is more than the " << brushwork::cpuThreadLimit()
                  << " CPUs this machine gives Brushwork; using " << brushwork::cpuThreadLimit() << "\n";
    return threads;
}

brushwork::DeviceKind deviceNamed(const std::string& name)
{
    return name == "cpu"    ? brushwork::DeviceKind::Cpu
           : name == "cuda" ? brushwork::DeviceKind::Cuda
                            : brushwork::DeviceKind::Auto;
}

brushwork::DeviceKind deviceOption(const Arguments& args)
{
    return deviceNamed(args.choice("device", {"auto", "cpu", "cuda"}));
}

const std::set<std::string>& engineOptionNames()
{
    static const std::set<std::string> names = [] {
        std::set<std::string> all = settingFlags(brushwork::SettingGroup::Engine, true);
        all.insert({"device", "threads"});
        return all;
    }();
    return names;
}

const std::set<std::string>& styleOptionNames()
{
    static const std::set<std::string> names = [] {
        // --region is no setting: its masks are pictures, checked against the photo.
        std::set<std::string> flags = settingFlags(brushwork::SettingGroup::Picture, true);
        flags.insert("region");
        return flags;
    }();
    return names;
}

const std::set<std::string>& styleFlagNames()
{
    static const std::set<std::string> names = settingFlags(brushwork::SettingGroup::Picture, false);
    return names;
}

std::string settingOption(const Arguments& args, const brushwork::RunSetting& setting)
{
    using brushwork::SettingKind;
    const std::string name = setting.flag;
    const std::string given = args.text(name, "");
    if (setting.kind == SettingKind::Flag)
        return std::string(setting.defaultText) == "true" ? "false" : "true";
    std::string text = given;
    // The typed getters say what is wrong in the command line's own words.
    if (setting.zeroIsUnset && given == "0")
        return "0";
    if (setting.kind == SettingKind::Integer)
        text = std::to_string(args.integer(name, 0, int(setting.min), int(setting.max)));
    else if (setting.kind == SettingKind::Number)
        text = brushwork::numberText(args.number(name, 0, setting.min, setting.max));
    else if (setting.kind == SettingKind::Seed)
        text = std::to_string(args.whole(name, 0, 9007199254740992ull));
    else if (setting.kind == SettingKind::Choice)
        text = args.choice(name, setting.choices);
    else if (setting.kind == SettingKind::Numbers)
        (void)args.numbers(name);
    if (const std::string problem = brushwork::settingProblem(setting, text); !problem.empty())
        throw UsageError("--" + name + " " + problem);
    return text;
}

brushwork::NetworkKind networkOption(const Arguments& args, brushwork::NetworkKind fallback)
{
    const brushwork::NetworkKind network = brushwork::networkNamed(args.choice("network", setting("network").choices));
    return network == brushwork::NetworkKind::Auto ? fallback : network;
}

brushwork::EngineOptions engineOptions(const Arguments& args, const std::string& weightsPath,
                                       std::optional<brushwork::Precision> precision)
{
    brushwork::RunValues values;
    for (const brushwork::RunSetting& setting : brushwork::runSettings()) {
        // A precision given by the command replaces --precision, which may say more ("all" for bench).
        if (precision && std::string(setting.name) == "precision")
            continue;
        if (setting.group == brushwork::SettingGroup::Engine && args.has(setting.flag))
            setting.set(values, settingOption(args, setting));
    }
    if (!weightsPath.empty())
        values.weights = weightsPath;
    brushwork::EngineOptions options = brushwork::engineOptionsFor(
        values, deviceOption(args), threadsOption(args), [](const std::string& notice) { std::cerr << notice << "\n"; });
    if (precision)
        options.precision = *precision;
    return options;
}

std::uint64_t memoryBudgetOption(const Arguments& args)
{
    const auto budget = args.text("memory-budget");
    return budget ? brushwork::parseByteSize(*budget) : brushwork::defaultMemoryBudget(false);
}

RegionOption regionOption(const std::string& value, std::size_t styleCount)
{
    const std::size_t equals = value.find('=');
    const std::string who = value.substr(0, equals);
    const std::string usage = "--region needs N=MASK (N a painting's number, 1 to " + std::to_string(styleCount) +
                              ") or photo=MASK, not \"" + value + "\"";
    if (equals == std::string::npos || equals + 1 == value.size())
        throw UsageError(usage);
    RegionOption region;
    if (who != "photo") {
        const std::size_t used = who.find_first_not_of("0123456789");
        const int number = who.empty() || who.size() > 3 || used != std::string::npos ? 0 : std::stoi(who);
        if (number < 1 || std::size_t(number) > styleCount)
            throw UsageError(usage);
        region.painting = number - 1;
    }
    region.mask = value.substr(equals + 1);
    return region;
}

std::vector<brushwork::Region> regionsOption(const Arguments& args, std::size_t styleCount, cv::Size photo)
{
    std::vector<brushwork::Region> regions;
    for (const std::string& value : args.texts("region")) {
        const RegionOption given = regionOption(value, styleCount);
        brushwork::Region region;
        region.painting = given.painting;
        region.mask = brushwork::loadRegionMask(given.mask, photo);
        regions.push_back(std::move(region));
    }
    return regions;
}

brushwork::RunValues settingOptions(const Arguments& args, bool engine)
{
    using namespace brushwork;
    RunValues values = defaultRunValues();
    const std::string init = args.text("init", "");
    for (const RunSetting& setting : runSettings()) {
        if (!setting.flag || !args.has(setting.flag) || (!engine && setting.group == SettingGroup::Engine))
            continue;
        // --init also takes a picture to start from, which is no setting.
        if (std::string(setting.name) == "init" &&
            std::find(setting.choices.begin(), setting.choices.end(), init) == setting.choices.end()) {
            values.params.init = InitKind::Image;
            values.params.initImage = loadImage(init);
            continue;
        }
        setting.set(values, settingOption(args, setting));
    }
    return values;
}

brushwork::StyleParams styleParams(const Arguments& args, std::size_t styleCount)
{
    // The engine's settings are engineOptions' (where bench's --precision may say "all").
    const brushwork::RunValues values = settingOptions(args, false);
    const std::size_t blend = values.params.weights.styleBlend.size();
    if (blend != 0 && blend != styleCount)
        throw UsageError("--style-weights has " + std::to_string(blend) + " numbers but there are " +
                         std::to_string(styleCount) + " style images");
    return values.params;
}

} // namespace cli
