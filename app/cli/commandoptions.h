// SPDX-License-Identifier: GPL-3.0-or-later
// Turning command-line options into the engine's parameters; shared by the
// commands that run the engine.
#pragma once

#include "arguments.h"

#include "brushwork/engine.h"
#include "brushwork/params.h"
#include "brushwork/runsettings.h"

#include <optional>
#include <set>
#include <string>

namespace cli {

/// Options every engine command accepts (--weights, --network, --device, --threads).
const std::set<std::string>& engineOptionNames();
/// Options that shape a run (--size, --content-weight, ...): the run settings' flags.
const std::set<std::string>& styleOptionNames();
/// Options without a value that shape a run (--no-early-stop).
const std::set<std::string>& styleFlagNames();

/// The value of `setting`'s --flag, which the command line has, as the
/// setting's text; throws UsageError naming the flag when it is no value of
/// the setting. A Flag's presence turns its default around.
std::string settingOption(const Arguments& args, const brushwork::RunSetting& setting);

/// --threads N (0: the default); says so when N is more than the CPUs, which
/// setCpuThreads caps it at.
int threadsOption(const Arguments& args);

/// "auto", "cpu" or "cuda", as --device spells them.
brushwork::DeviceKind deviceNamed(const std::string& name);
/// --device.
brushwork::DeviceKind deviceOption(const Arguments& args);

/// --memory-budget SIZE, else most of the memory free now: what the
/// memory estimates of a command are checked against.
std::uint64_t memoryBudgetOption(const Arguments& args);

/// --network: Auto (or `fallback` when Auto), Vgg19 or SqueezeNet.
brushwork::NetworkKind networkOption(const Arguments& args, brushwork::NetworkKind fallback = brushwork::NetworkKind::Auto);

/// Weights from `weightsPath` when given, else --weights, else
/// brushwork::defaultFeatureWeights() (saying so on stderr when it is the
/// built-in SqueezeNet); throws
/// brushwork::Error(BadInput) saying how to get weights when there are none.
/// The engine the options ask for; `precision`, when given, replaces --precision.
brushwork::EngineOptions engineOptions(const Arguments& args, const std::string& weightsPath = {},
                                       std::optional<brushwork::Precision> precision = {});

/// One --region value: the painting it names (an index from 0 into
/// `styleCount` paintings, or Region::kKeepPhoto) and its mask's file.
/// Throws UsageError naming the value.
struct RegionOption {
    int painting = brushwork::Region::kKeepPhoto;
    std::string mask;
};
RegionOption regionOption(const std::string& value, std::size_t styleCount);

/// --region N=MASK (painting N, from 1) and --region photo=MASK, as many as
/// given: each mask loaded and checked against the photo's size
/// (brushwork::loadRegionMask; a bad mask is Error(BadInput), exit 3).
std::vector<brushwork::Region> regionsOption(const Arguments& args, std::size_t styleCount, cv::Size photo);

/// Every run setting the options give (runsettings.h), over the settings'
/// defaults; --init FILE is loaded here.
/// `engine` false: without the engine's settings (--network, --precision, ...).
brushwork::RunValues settingOptions(const Arguments& args, bool engine = true);

/// The engine's parameters of settingOptions; --style-weights must give one
/// number per style.
brushwork::StyleParams styleParams(const Arguments& args, std::size_t styleCount);

} // namespace cli
