// SPDX-License-Identifier: GPL-3.0-or-later
#include "brushwork/settingdocs.h"

#include <cctype>
#include <sstream>

namespace brushwork {
namespace {

/// Where --help's descriptions start, and where its lines end.
constexpr std::size_t kHelpColumn = 27;
constexpr std::size_t kHelpWidth = 112;

/// The help with the default and unit, as every description ends.
std::string description(const RunSetting& setting)
{
    std::string text = setting.help;
    if (*setting.defaultText && setting.kind != SettingKind::Flag) {
        text += std::string(" (default ") + setting.defaultText;
        if (*setting.unit && std::string(setting.unit) != "%")
            text += std::string(" ") + setting.unit;
        text += ")";
    }
    return text;
}

std::string usage(const RunSetting& setting)
{
    std::string text = std::string("--") + setting.flag;
    if (setting.valueName)
        text += std::string(" ") + setting.valueName;
    return text;
}

/// `words` filled into lines of kHelpWidth, the first after `first`, the
/// rest indented to kHelpColumn.
std::string wrapped(std::string first, const std::string& words)
{
    std::string out = first;
    std::string line = std::move(first);
    std::istringstream in(words);
    std::string word;
    bool start = true;
    while (in >> word) {
        if (!start && line.size() + 1 + word.size() > kHelpWidth) {
            out += "\n";
            line = std::string(kHelpColumn, ' ');
            out += line;
            start = true;
        }
        const std::string piece = (start ? "" : " ") + word;
        out += piece;
        line += piece;
        start = false;
    }
    return out + "\n";
}

/// troff's minus signs (a '-' is a hyphen, which man pages must not put in
/// options) and its escapes for the one sign beyond ASCII the table uses.
std::string troff(const std::string& text)
{
    std::string out;
    for (char c : text)
        out += c == '-' ? std::string("\\-") : c == '\\' ? std::string("\\e") : std::string(1, c);
    for (std::size_t at = out.find("×"); at != std::string::npos; at = out.find("×", at))
        out.replace(at, std::string("×").size(), "\\(mu");
    return out;
}

} // namespace

std::string settingHelpLines(SettingGroup group)
{
    std::string out;
    for (const RunSetting& setting : runSettings()) {
        if (setting.group != group || !setting.flag)
            continue;
        std::string left = "  " + usage(setting);
        left += left.size() + 1 < kHelpColumn ? std::string(kHelpColumn - left.size(), ' ') : std::string("  ");
        out += wrapped(left, description(setting));
    }
    return out;
}

std::string settingManEntries(SettingGroup group)
{
    std::string out;
    for (const RunSetting& setting : runSettings()) {
        if (setting.group != group || !setting.flag)
            continue;
        out += ".TP\n";
        if (setting.valueName)
            out += ".BI " + troff(std::string("--") + setting.flag) + " \" " + troff(setting.valueName) + "\"\n";
        else
            out += ".B " + troff(std::string("--") + setting.flag) + "\n";
        std::string text = description(setting);
        text[0] = char(std::toupper(static_cast<unsigned char>(text[0])));
        out += troff(text) + ".\n";
    }
    return out;
}

} // namespace brushwork
