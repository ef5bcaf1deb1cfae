// SPDX-License-Identifier: GPL-3.0-or-later
// Print sizes: paper formats and DPI turned into pixels, and back.
#pragma once

#include <string>
#include <vector>

namespace brushwork {

/// A print area at a resolution, or a plain pixel box (pixels > 0, for
/// screens and NFTs). Orientation does not matter: the box is turned to
/// match the picture.
struct PrintSize {
    double widthInches = 0;
    double heightInches = 0;
    double dpi = 300;
    int pixels = 0;     ///< > 0: a square box of this many pixels, no paper
    std::string label;  ///< e.g. "A3 at 300 DPI"
};

struct PrintPreset {
    std::string key;    ///< as typed after --print, e.g. "A3"
    std::string name;   ///< as shown, e.g. "A3 (29.7 × 42 cm)"
    PrintSize size;
};

/// A4, A3, A2, 8×10 in and 12×18 in at 300 DPI, and a 4000 px square for NFTs.
const std::vector<PrintPreset>& printPresets();

/// Parses "A3", "A3@300", "30x20cm@300", "8x10in@240", "297x420mm" (300 DPI
/// when none is given) or "4000px". Throws Error(Usage) showing the forms.
PrintSize parsePrintSize(const std::string& text);

struct PrintFit {
    int width = 0;          ///< the picture's pixels at that print size
    int height = 0;
    double effectiveDpi = 0; ///< 0 for pixel boxes
    double upscale = 0;     ///< output long side / content long side
};

/// The largest picture with the content's aspect ratio that fits the print
/// area at its DPI.
PrintFit fitToPrint(const PrintSize& print, int contentWidth, int contentHeight);

/// The resolution a picture of width×height has when printed as large as fits
/// in `print`'s area; 0 for pixel boxes.
double effectiveDpi(const PrintSize& print, int width, int height);

/// Pictures enlarged more than this from the photo look soft when printed.
constexpr double kUpscaleWarning = 2.0;

} // namespace brushwork
