// SPDX-License-Identifier: GPL-3.0-or-later
#include "brushwork/printsize.h"

#include "brushwork/error.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <optional>

namespace brushwork {
namespace {

constexpr double kMmPerInch = 25.4;

PrintSize paper(double shortInches, double longInches, double dpi, std::string label)
{
    PrintSize size;
    size.widthInches = shortInches;
    size.heightInches = longInches;
    size.dpi = dpi;
    size.label = std::move(label);
    return size;
}

/// A plain decimal number (digits, optionally a dot and more digits) at
/// `text[at]`, advancing `at` past it; nullopt when there is none. A scan,
/// not a regular expression: std::regex recursed once per character, and
/// 50,000 digits overflowed the stack.
std::optional<std::string> decimalAt(const std::string& text, std::size_t& at)
{
    const std::size_t start = at;
    while (at < text.size() && std::isdigit(static_cast<unsigned char>(text[at])))
        ++at;
    if (at == start)
        return std::nullopt;
    if (at < text.size() && text[at] == '.') {
        const std::size_t dot = ++at;
        while (at < text.size() && std::isdigit(static_cast<unsigned char>(text[at])))
            ++at;
        if (at == dot)
            return std::nullopt;
    }
    return text.substr(start, at - start);
}

/// `text` is exactly a decimal followed by `suffix` (which may be empty).
std::optional<std::string> decimalWithSuffix(const std::string& text, const std::string& suffix)
{
    std::size_t at = 0;
    const auto number = decimalAt(text, at);
    if (!number || text.compare(at, std::string::npos, suffix) != 0)
        return std::nullopt;
    return number;
}

std::string dpiLabel(double dpi)
{
    return " at " + std::to_string(int(std::lround(dpi))) + " DPI";
}

[[noreturn]] void refuse(const std::string& text, const std::string& why)
{
    throw Error(ErrorKind::Usage, {}, "\"" + text + "\" is not a print size: " + why,
                "Write a paper (A4, A3, A2), a size like 30x20cm, 297x420mm or 8x10in, optionally @DPI "
                "(A3@300), or a pixel count like 4000px");
}

} // namespace

const std::vector<PrintPreset>& printPresets()
{
    static const std::vector<PrintPreset> presets = {
        {"A4", "A4 (21 × 29.7 cm)", paper(210 / kMmPerInch, 297 / kMmPerInch, 300, "A4 at 300 DPI")},
        {"A3", "A3 (29.7 × 42 cm)", paper(297 / kMmPerInch, 420 / kMmPerInch, 300, "A3 at 300 DPI")},
        {"A2", "A2 (42 × 59.4 cm)", paper(420 / kMmPerInch, 594 / kMmPerInch, 300, "A2 at 300 DPI")},
        {"8x10in", "8 × 10 in", paper(8, 10, 300, "8×10 in at 300 DPI")},
        {"12x18in", "12 × 18 in", paper(12, 18, 300, "12×18 in at 300 DPI")},
        {"4000px", "4000 px square (NFT)", [] {
             PrintSize nft;
             nft.pixels = 4000;
             nft.dpi = 0;
             nft.label = "4000 px square (NFT)";
             return nft;
         }()},
    };
    return presets;
}

PrintSize parsePrintSize(const std::string& text)
{
    // Every size there is fits in a few dozen characters.
    if (text.size() > 64)
        refuse(text.substr(0, 20) + "…", "that is far too long to be a paper or a size");
    std::string lower;
    for (char c : text)
        if (!std::isspace(static_cast<unsigned char>(c)))
            lower += char(std::tolower(static_cast<unsigned char>(c)));
    double dpi = 300;
    std::string body = lower;
    if (const auto at = lower.find('@'); at != std::string::npos) {
        body = lower.substr(0, at);
        const std::string dpiText = lower.substr(at + 1);
        auto number = decimalWithSuffix(dpiText, "dpi");
        if (!number)
            number = decimalWithSuffix(dpiText, "");
        if (!number)
            refuse(text, "the resolution after @ must be a number of DPI");
        dpi = std::strtod(number->c_str(), nullptr);
        if (dpi < 10 || dpi > 4800)
            refuse(text, "the resolution must be between 10 and 4800 DPI");
    }

    if (const auto pixels = decimalWithSuffix(body, "px"); pixels && pixels->find('.') == std::string::npos) {
        if (lower.find('@') != std::string::npos)
            refuse(text, "a pixel count has no DPI");
        PrintSize size;
        size.pixels = std::stoi(pixels->substr(0, 6));
        size.dpi = 0;
        if (size.pixels < 16 || size.pixels > 65536)
            refuse(text, "the pixel count must be between 16 and 65536");
        size.label = std::to_string(size.pixels) + " px square";
        return size;
    }
    for (const PrintPreset& preset : printPresets()) {
        std::string key = preset.key;
        std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return char(std::tolower(c)); });
        if (body == key && preset.size.pixels == 0) {
            PrintSize size = preset.size;
            size.dpi = dpi;
            size.label = preset.key + dpiLabel(dpi);
            return size;
        }
    }
    // WIDTHxHEIGHT followed by cm, mm or in.
    std::size_t at = 0;
    const auto width = decimalAt(body, at);
    std::optional<std::string> height;
    if (width && at < body.size() && body[at] == 'x')
        height = decimalAt(body, ++at);
    const std::string unit = at <= body.size() ? body.substr(at) : std::string();
    if (!width || !height || (unit != "cm" && unit != "mm" && unit != "in"))
        refuse(text, "unknown paper or size");
    const double perInch = unit == "cm" ? kMmPerInch / 10 : unit == "mm" ? kMmPerInch : 1.0;
    PrintSize size = paper(std::strtod(width->c_str(), nullptr) / perInch, std::strtod(height->c_str(), nullptr) / perInch,
                           dpi, *width + "×" + *height + " " + unit + dpiLabel(dpi));
    if (size.widthInches <= 0 || size.heightInches <= 0)
        refuse(text, "both sides must be larger than zero");
    if (std::max(size.widthInches, size.heightInches) * dpi > 65536)
        refuse(text, "that is more than 65536 pixels on a side");
    return size;
}

PrintFit fitToPrint(const PrintSize& print, int contentWidth, int contentHeight)
{
    PrintFit fit;
    if (contentWidth <= 0 || contentHeight <= 0)
        return fit;
    double boxLong = print.pixels;
    double boxShort = print.pixels;
    if (print.pixels == 0) {
        boxLong = std::max(print.widthInches, print.heightInches) * print.dpi;
        boxShort = std::min(print.widthInches, print.heightInches) * print.dpi;
    }
    const double contentLong = std::max(contentWidth, contentHeight);
    const double contentShort = std::min(contentWidth, contentHeight);
    const double scale = std::min(boxLong / contentLong, boxShort / contentShort);
    const int longSide = std::max(1, int(std::floor(contentLong * scale + 1e-6)));
    const int shortSide = std::max(1, int(std::lround(contentShort * longSide / contentLong)));
    fit.width = contentWidth >= contentHeight ? longSide : shortSide;
    fit.height = contentWidth >= contentHeight ? shortSide : longSide;
    fit.effectiveDpi = effectiveDpi(print, fit.width, fit.height);
    fit.upscale = longSide / contentLong;
    return fit;
}

double effectiveDpi(const PrintSize& print, int width, int height)
{
    if (print.pixels > 0 || width <= 0 || height <= 0)
        return 0;
    const double longInches = std::max(print.widthInches, print.heightInches);
    const double shortInches = std::min(print.widthInches, print.heightInches);
    // Printed as large as the paper allows, the side that reaches the paper's
    // edge first sets the scale, and so the resolution.
    return std::max(std::max(width, height) / longInches, std::min(width, height) / shortInches);
}

} // namespace brushwork
