// SPDX-License-Identifier: GPL-3.0-or-later
// Every run setting, once: its kind, range and default, and where it appears
// (the command line, collection plans, projects, the studio). The command
// line's parser and --help, the man page, the plan and project readers and
// writers and the studio's panel all read this table; a new setting is one
// row of it (see docs/development.md).
#pragma once

#include "brushwork/params.h"

#include <optional>
#include <string>
#include <vector>

namespace brushwork {

/// What the settings read and write: the engine's parameters, and the
/// choices a plan keeps beside them (which network and weights, the print,
/// the instant network's strength).
struct RunValues {
    StyleParams params;
    std::string network = "auto"; ///< "auto", "vgg19" or "squeezenet"
    std::string precision = "auto";
    std::string weights;          ///< a weights file; empty: the installed one
    std::string print;            ///< a print size ("A3@300"); empty: none
    double dpi = 0;               ///< 0: none
    float strength = 1.0f;        ///< the instant network's share of the style
};

/// How a setting's value is written. Every setting has a text form (the
/// command line's); plans and projects keep it as the JSON its kind names.
enum class SettingKind {
    Integer,     ///< a whole number in [min, max]
    Number,      ///< a number in [min, max]
    Seed,        ///< a whole number of at least 0, up to 2^63
    Choice,      ///< one of `choices`
    Text,        ///< any non-empty text (checked by `check`)
    Numbers,     ///< comma-separated numbers, each in [min, max]
    Names,       ///< comma-separated names
    StyleLayers, ///< "relu1_1,relu3_1:0.5"; a project keeps [{layer, weight}]
    Bytes,       ///< a memory size ("6G"); a project keeps the bytes as a number
    Flag,        ///< "true" or "false"
};

/// Which part of --help and the man page lists a setting.
enum class SettingGroup { Picture, Output, Instant, Engine };

struct RunSetting {
    const char* name;        ///< also its key in a plan's "settings"
    SettingKind kind;
    SettingGroup group;
    double min = 0;          ///< Integer, Number, Numbers
    double max = 0;
    std::vector<std::string> choices = {}; ///< Choice, the first is the default
    const char* defaultText = ""; ///< the value when none is given; "" none
    const char* unit = "";   ///< "px", "%", ...; "" none
    const char* flag = nullptr; ///< the command line's --flag; nullptr: not there
    const char* valueName = nullptr; ///< the value in --help ("PX"); nullptr for a Flag
    bool inPlans = false;    ///< a plan may set it
    /// Its place in a project file ("params.weights.content"); nullptr: not kept.
    const char* projectKey = nullptr;
    const char* help = "";   ///< one line, for --help, the man page and docs/cli.md
    const char* studioLabel = nullptr; ///< the studio panel's label; nullptr: not in the panel
    const char* studioTip = nullptr; ///< the studio's tooltip
    double studioMin = 0;    ///< the panel's range; both 0: [min, max]
    double studioMax = 0;
    /// 0 is accepted everywhere and means "not set" (the value's own default).
    bool zeroIsUnset = false;
    /// A project holding the setting's object must hold it (e.g. "plateau.window").
    bool projectRequired = false;
    /// A project keeps value × projectScale (the plateau's percent as a fraction).
    double projectScale = 1;
    /// A value of StyleParams: what a piece's recipe holds (planSettingsOf).
    bool ofParams = false;
    /// A check beyond the kind and range; empty: fine. nullptr: none.
    std::string (*check)(const std::string& text) = nullptr;
    /// The value's text; nullopt when not set.
    std::optional<std::string> (*get)(const RunValues& values) = nullptr;
    /// Sets the value from text that settingProblem found fine.
    void (*set)(RunValues& values, const std::string& text) = nullptr;
};

/// Every run setting, in the order --help lists them.
const std::vector<RunSetting>& runSettings();

/// The setting named `name`; nullptr when there is none.
const RunSetting* findRunSetting(const std::string& name);

/// What is wrong with `text` as `setting`'s value ("is out of range (0;
/// from 16 to 65536)", "should be a number, not \"big\"", ...); empty when
/// it is fine. `scale` multiplies the numbers named in the message (a
/// project's units).
std::string settingProblem(const RunSetting& setting, const std::string& text, double scale = 1);

/// Every setting at its default: what the command line and plans start from.
/// (StyleParams' own defaults differ only in the start: the engine's is the
/// photo, a run's the instant picture.)
RunValues defaultRunValues();

/// The network a "network" setting names; Auto for "auto".
NetworkKind networkNamed(const std::string& name);
/// The precision a "precision" setting names ("fp32", "bf16", "fp16"); Auto for "auto".
Precision precisionNamed(const std::string& name);

/// The shortest text that reads back as the same float ("0.02").
std::string floatText(float value);
/// A double with all its digits, as short as they allow.
std::string numberText(double value);

} // namespace brushwork
