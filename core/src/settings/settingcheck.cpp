// SPDX-License-Identifier: GPL-3.0-or-later
// The one check of a setting's text, whatever it came from.
#include "brushwork/runsettings.h"

#include "brushwork/commalist.h"
#include "brushwork/error.h"
#include "brushwork/memorybudget.h"

#include <charconv>
#include <cmath>
#include <sstream>

namespace brushwork {
namespace {

/// All of the text as a double (1e-50 is a number; a float would have
/// thrown on it); false when it is not one.
bool parseNumber(const std::string& text, double& value)
{
    try {
        std::size_t used = 0;
        value = std::stod(text, &used);
        return used == text.size();
    } catch (const std::exception&) {
        return false;
    }
}

std::string numberProblem(const RunSetting& setting, double value, double scale)
{
    if (!std::isfinite(value) || value < setting.min || value > setting.max)
        return "is out of range (" + numberText(value * scale) + "; from " + numberText(setting.min * scale) +
               " to " + numberText(setting.max * scale) + ")";
    if (setting.kind == SettingKind::Integer && value != std::floor(value))
        return "should be a whole number";
    return {};
}

std::string kindProblem(const RunSetting& setting, const std::string& text, double scale)
{
    double value = 0;
    switch (setting.kind) {
    case SettingKind::Integer:
    case SettingKind::Number:
        return parseNumber(text, value) ? numberProblem(setting, value, scale)
                                        : "should be a number, not \"" + text + "\"";
    case SettingKind::Seed:
        // At most 19 digits: every one fits the 64 bits a seed has.
        if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos || text.size() > 19)
            return "should be a whole number of at least 0, not \"" + text + "\"";
        return {};
    case SettingKind::Numbers:
        for (const std::string& item : splitCommaList(text)) {
            if (!parseNumber(item, value))
                return "should hold numbers, not \"" + item + "\"";
            if (std::string problem = numberProblem(setting, value, scale); !problem.empty())
                return problem;
        }
        return splitCommaList(text).empty() ? "is empty" : "";
    case SettingKind::Names:
    case SettingKind::StyleLayers:
        return splitCommaList(text).empty() ? "is empty" : "";
    case SettingKind::Bytes:
        try {
            (void)parseByteSize(text);
        } catch (const Error& error) {
            return error.reason();
        }
        return {};
    case SettingKind::Flag:
        return text == "true" || text == "false" ? "" : "should be true or false, not \"" + text + "\"";
    case SettingKind::Choice: {
        std::string names;
        for (const std::string& choice : setting.choices) {
            if (choice == text)
                return {};
            names += (names.empty() ? "" : ", ") + choice;
        }
        return "has an unknown value \"" + text + "\"; it should be one of " + names;
    }
    case SettingKind::Text:
        break;
    }
    return text.empty() ? "is empty" : "";
}

} // namespace

const RunSetting* findRunSetting(const std::string& name)
{
    for (const RunSetting& setting : runSettings())
        if (name == setting.name)
            return &setting;
    return nullptr;
}

std::string settingProblem(const RunSetting& setting, const std::string& text, double scale)
{
    double value = 0;
    if (setting.zeroIsUnset && parseNumber(text, value) && value == 0)
        return {};
    if (std::string problem = kindProblem(setting, text, scale); !problem.empty())
        return problem;
    return setting.check ? setting.check(text) : std::string();
}

RunValues defaultRunValues()
{
    RunValues values;
    for (const RunSetting& setting : runSettings())
        if (*setting.defaultText)
            setting.set(values, setting.defaultText);
    return values;
}

NetworkKind networkNamed(const std::string& name)
{
    return name == "vgg19" ? NetworkKind::Vgg19 : name == "squeezenet" ? NetworkKind::SqueezeNet : NetworkKind::Auto;
}

Precision precisionNamed(const std::string& name)
{
    return name == "fp32"   ? Precision::Float32
           : name == "bf16" ? Precision::BFloat16
           : name == "fp16" ? Precision::Float16
                            : Precision::Auto;
}

std::string numberText(double value)
{
    std::ostringstream out;
    out.precision(17);
    out << value;
    return out.str();
}

std::string floatText(float value)
{
    char text[32];
    const auto end = std::to_chars(text, text + sizeof text, value).ptr;
    return std::string(text, end);
}

} // namespace brushwork
