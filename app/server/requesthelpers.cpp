// SPDX-License-Identifier: GPL-3.0-or-later
#include "requesthelpers.h"

#include "brushwork/image.h"
#include "brushwork/params.h"

namespace server {

QByteArray headerOf(const QHttpServerRequest& request, const QByteArray& name)
{
    for (const auto& [key, value] : request.headers())
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    return {};
}

Reply replyFor(const brushwork::Error& error)
{
    const std::string remedy = error.hint().empty() ? "Correct the request and send it again" : error.hint();
    switch (error.kind()) {
    case brushwork::ErrorKind::Resource:
        return errorReply(503, error.reason(), error.remedy() == brushwork::Remedy::AllowMoreMemory
                                                   ? "Send smaller pictures or a smaller size, or try again later"
                                                   : remedy);
    case brushwork::ErrorKind::Io:
        return errorReply(503, "the server cannot store the work (" + error.reason() + ")",
                          "Try again later; the server's --data folder needs room");
    case brushwork::ErrorKind::BadInput:
    case brushwork::ErrorKind::Usage:
    case brushwork::ErrorKind::Download:
        break;
    }
    return errorReply(400, error.file().empty() ? error.reason() : error.file() + ": " + error.reason(), remedy);
}

std::optional<Reply> readPictures(const QList<FormPart>& parts, Pictures& pictures)
{
    bool hasPhoto = false;
    for (const FormPart& part : parts) {
        const bool isPhoto = part.name == "photo";
        if (!isPhoto && part.name != "painting")
            continue;
        if (isPhoto && hasPhoto)
            return errorReply(400, "there are two photos", "Send one \"photo\" and one or more \"painting\"");
        std::vector<unsigned char> bytes(part.body.begin(), part.body.end());
        const std::string name = isPhoto ? "the photo" : "painting " + std::to_string(pictures.paintings.size() + 1);
        cv::Size size;
        try {
            size = brushwork::pictureSize(bytes, name);
        } catch (const brushwork::Error& error) {
            return errorReply(415, name + ": " + error.reason(),
                              error.hint().empty() ? "Send another picture" : error.hint());
        }
        if (isPhoto) {
            hasPhoto = true;
            pictures.photo = std::move(bytes);
            pictures.sizes.insert(pictures.sizes.begin(), size);
        } else {
            pictures.paintings.push_back(std::move(bytes));
            pictures.sizes.push_back(size);
        }
    }
    if (!hasPhoto || pictures.paintings.empty())
        return errorReply(400, hasPhoto ? "there is no painting" : "there is no photo",
                          "Send the photo as the form field \"photo\" and each painting as \"painting\"");
    if (pictures.paintings.size() > std::size_t(brushwork::kMaxStyles))
        return errorReply(400, "at most " + std::to_string(brushwork::kMaxStyles) + " paintings",
                          "Send fewer paintings");
    return std::nullopt;
}

std::optional<std::string> fieldText(const QList<FormPart>& parts, const QByteArray& name)
{
    for (const FormPart& part : parts)
        if (part.name == name)
            return part.body.toStdString();
    return std::nullopt;
}

} // namespace server
