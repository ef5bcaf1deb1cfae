// SPDX-License-Identifier: GPL-3.0-or-later
#include "badinputfixture.h"

#include "brushwork/image.h"
#include "brushwork/project.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QtTest>

using nlohmann::json;

namespace badinput {

QString dir()
{
    static const QString folder = testsupport::scratchDir() + "/bad-input";
    QDir().mkpath(folder);
    return folder;
}

QByteArray readAll(const QString& path)
{
    QFile file(path);
    file.open(QIODevice::ReadOnly);
    return file.readAll();
}

void writeAll(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(bytes);
}

QString headerOnlyPng(const QString& name, std::uint16_t side)
{
    QByteArray png("\x89PNG\r\n\x1a\n", 8);
    const unsigned char high = static_cast<unsigned char>(side >> 8);
    const unsigned char low = static_cast<unsigned char>(side & 0xff);
    const unsigned char ihdr[] = {0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, high, low, 0, 0, high, low, 8, 2, 0, 0, 0,
                                  0x12, 0x34, 0x56, 0x78};
    png.append(reinterpret_cast<const char*>(ihdr), sizeof ihdr);
    const QString path = dir() + "/" + name;
    writeAll(path, png);
    return path;
}

QString projectWith(const QString& name, const std::function<void(json&)>& edit)
{
    brushwork::Project project;
    project.content = {(dir() + "/photo.png").toStdString(), "photo", {}};
    project.styles = {{(dir() + "/painting.png").toStdString(), "painting", {}}};
    project.params.size = 32;
    project.params.iterations = 2;
    json root = json::parse(brushwork::projectToJson(project));
    edit(root);
    const QString path = dir() + "/" + name;
    writeAll(path, QByteArray::fromStdString(root.dump()));
    return path;
}

void BadInputFixture::writeInputs()
{
    mPhoto = dir() + "/photo.png";
    mPainting = dir() + "/painting.png";
    brushwork::saveImage(mPhoto.toStdString(), testsupport::makeContentImage(32, 24));
    brushwork::saveImage(mPainting.toStdString(), testsupport::makeStyleImage(32, 32));
    mWeights = testsupport::randomWeightsPath(brushwork::NetworkKind::SqueezeNet);
}

QString writeJpeg(const QString& name, int width, int height, int components, J_COLOR_SPACE space,
                  const std::function<unsigned char(int, int, int)>& sample, const std::vector<jpeg_scan_info>& script)
{
    const QString path = dir() + "/" + name;
    std::FILE* file = std::fopen(path.toLocal8Bit().constData(), "wb");
    jpeg_compress_struct info{};
    jpeg_error_mgr errors{};
    info.err = jpeg_std_error(&errors);
    jpeg_create_compress(&info);
    jpeg_stdio_dest(&info, file);
    info.image_width = JDIMENSION(width);
    info.image_height = JDIMENSION(height);
    info.input_components = components;
    info.in_color_space = space;
    jpeg_set_defaults(&info);
    if (!script.empty()) {
        info.scan_info = script.data();
        info.num_scans = int(script.size());
    }
    jpeg_start_compress(&info, TRUE);
    std::vector<unsigned char> row(std::size_t(width * components));
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x)
            for (int c = 0; c < components; ++c)
                row[std::size_t(x * components + c)] = sample(x, y, c);
        JSAMPROW rows[] = {row.data()};
        jpeg_write_scanlines(&info, rows, 1);
    }
    jpeg_finish_compress(&info);
    jpeg_destroy_compress(&info);
    std::fclose(file);
    return path;
}

} // namespace badinput
