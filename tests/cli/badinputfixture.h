// SPDX-License-Identifier: GPL-3.0-or-later
// What the bad-input tests share: a folder of their own with a photo and a
// painting, random SqueezeNet weights, the small file helpers, and the broken
// files more than one of them makes.
#pragma once

#include <QByteArray>
#include <QString>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdio>
#include <functional>
#include <jpeglib.h>
#include <vector>

namespace badinput {

/// scratchDir()/bad-input, made on first use.
QString dir();
QByteArray readAll(const QString& path);
void writeAll(const QString& path, const QByteArray& bytes);
/// A real PNG signature and an IHDR claiming side×side pixels, then nothing.
QString headerOnlyPng(const QString& name, std::uint16_t side);
/// dir()/`name` written by libjpeg: `components` samples of `space` a
/// pixel, each sample(x, y, component); `script`, when given, the scans of
/// a progressive file.
QString writeJpeg(const QString& name, int width, int height, int components, J_COLOR_SPACE space,
                  const std::function<unsigned char(int, int, int)>& sample,
                  const std::vector<jpeg_scan_info>& script = {});
/// A project of dir()'s photo and painting whose JSON `edit` changes.
QString projectWith(const QString& name, const std::function<void(nlohmann::json&)>& edit);

/// The inputs a test class's runs use: a 32x24 photo and a 32x32 painting
/// in dir(), and random SqueezeNet weights.
class BadInputFixture {
protected:
    void writeInputs();

    QString mPhoto;
    QString mPainting;
    QString mWeights;
};

} // namespace badinput
