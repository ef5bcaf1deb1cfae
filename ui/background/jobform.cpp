// SPDX-License-Identifier: GPL-3.0-or-later
#include "background/jobform.h"

#include "brushwork/collection.h"
#include "brushwork/image.h"
#include "brushwork/jobs/jobqueue.h"
#include "brushwork/settingjson.h"

#include <QHttpMultiPart>
#include <QNetworkRequest>

namespace brushwork::studio {
namespace {

/// 8 bits, as photos come: 16 would double what a 12-megapixel photo sends,
/// past a server's default --max-upload of 64 MB.
QByteArray pngOf(const cv::Mat& rgb)
{
    const std::vector<unsigned char> bytes = brushwork::pngBytes(rgb);
    return QByteArray(reinterpret_cast<const char*>(bytes.data()), qsizetype(bytes.size()));
}

void addPart(QHttpMultiPart& form, const QByteArray& name, const QByteArray& body, const QByteArray& fileName = {})
{
    QHttpPart part;
    QByteArray disposition = "form-data; name=\"" + name + "\"";
    if (!fileName.isEmpty()) {
        disposition += "; filename=\"" + fileName + "\"";
        part.setHeader(QNetworkRequest::ContentTypeHeader, "image/png");
    }
    part.setHeader(QNetworkRequest::ContentDispositionHeader, disposition);
    part.setBody(body);
    form.append(part);
}

} // namespace

JobPictures encodePictures(const brushwork::StyleJob& job)
{
    JobPictures pictures;
    pictures.photo = pngOf(job.content);
    for (const brushwork::StyleSource& style : job.styles)
        pictures.paintings.append(pngOf(style.image));
    return pictures;
}

QByteArray jobSettings(const brushwork::StyleParams& params)
{
    nlohmann::json settings = nlohmann::json::object();
    for (const auto& [key, text] : brushwork::planSettingsOf(params))
        if (!brushwork::isServerOwnedSetting(key))
            settings[key] = brushwork::settingJsonOfText(*brushwork::findRunSetting(key), text,
                                                         brushwork::SettingFile::Plan);
    return QByteArray::fromStdString(settings.dump());
}

QHttpMultiPart* jobForm(const JobPictures& pictures, const QByteArray& settings)
{
    auto* form = new QHttpMultiPart(QHttpMultiPart::FormDataType);
    addPart(*form, "photo", pictures.photo, "photo.png");
    for (int i = 0; i < pictures.paintings.size(); ++i)
        addPart(*form, "painting", pictures.paintings[i], "painting-" + QByteArray::number(i + 1) + ".png");
    addPart(*form, "settings", settings);
    addPart(*form, "method", "optimize");
    return form;
}

} // namespace brushwork::studio
