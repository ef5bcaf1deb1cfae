// SPDX-License-Identifier: GPL-3.0-or-later
// POST /v1/instant: the seed's transfer_style in one request. The checks run
// on the server's thread; the painting on the pool, which answers when done.
#include "apiserver.h"
#include "requesthelpers.h"

#include "brushwork/paintmemory.h"

#include "brushwork/collection.h"
#include "brushwork/image.h"
#include "brushwork/memorybudget.h"

#include <QPointer>
#include <QTcpSocket>


namespace server {
namespace {

/// The picture as an 8-bit PNG.
/// size, strength and style_weights, read and checked as a plan's settings.
brushwork::InstantStyleOptions instantOptions(const QList<FormPart>& parts, std::size_t paintings)
{
    brushwork::CollectionPiece piece;
    piece.method = brushwork::PaintMethod::Instant;
    piece.paintings.assign(paintings, std::string());
    for (const char* key : {"size", "strength", "style_weights", "preserve_colors"})
        if (const auto text = fieldText(parts, key))
            piece.settings[key] = *text;
    brushwork::StyleParams params;
    try {
        params = brushwork::styleParamsOf(piece);
    } catch (const brushwork::Error& error) {
        throw brushwork::Error(brushwork::ErrorKind::BadInput, {}, error.reason(),
                               "Correct the form field: it takes the values of a collection plan's setting");
    }
    brushwork::InstantStyleOptions options;
    options.size = params.size;
    options.strength = float(brushwork::pieceNumber(piece, "strength", 1.0));
    options.styleWeights = params.weights.styleBlend;
    options.preserveColours = params.colour;
    return options;
}

} // namespace

Reply ApiServer::instant(const QHttpServerRequest& request, QTcpSocket* socket, bool& answered)
{
    const auto parts = parseFormData(headerOf(request, "Content-Type"), request.body());
    if (!parts)
        return errorReply(400, "the body is not multipart/form-data",
                          "Send a form: \"photo\", one or more \"painting\", optional \"size\", \"strength\", "
                          "\"style_weights\"");
    auto pictures = std::make_shared<Pictures>();
    if (const auto refused = readPictures(*parts, *pictures))
        return *refused;
    const brushwork::InstantStyleOptions options = instantOptions(*parts, pictures->paintings.size());
    brushwork::requireInstantFits(pictures->sizes, options.size,
                            mOptions.memoryBudget ? mOptions.memoryBudget : brushwork::defaultMemoryBudget(false));
    std::shared_ptr<void> admitted = mInstant->admit();
    if (!admitted)
        return errorReply(429, "the server is painting as many pictures as it takes at once",
                          "Try again in a moment (the server's --jobs and --queue set how many)");
    answered = true;
    const Headers cors = corsHeaders(request);
    const bool close = headerOf(request, "Connection").toLower() == "close";
    mPool.start([this, socket = QPointer<QTcpSocket>(socket), pictures, options, admitted, cors, close] {
        Reply reply;
        try {
            const cv::Mat photo = brushwork::decodeImage(pictures->photo, "the photo");
            std::vector<cv::Mat> paintings;
            for (std::size_t i = 0; i < pictures->paintings.size(); ++i)
                paintings.push_back(brushwork::decodeImage(pictures->paintings[i], "painting " + std::to_string(i + 1)));
            reply.contentType = "image/png";
            const std::vector<unsigned char> png = brushwork::pngBytes(mInstant->paint(photo, paintings, options));
            reply.body = QByteArray(reinterpret_cast<const char*>(png.data()), qsizetype(png.size()));
        } catch (const brushwork::Error& error) {
            reply = replyFor(error);
        } catch (const std::exception& error) {
            reply = errorReply(503, std::string("the picture could not be painted (") + error.what() + ")",
                               "Try again later, or send smaller pictures");
        }
        reply.headers = cors;
        reply.close = close;
        QMetaObject::invokeMethod(this, [socket, reply] { send(socket, reply); }, Qt::QueuedConnection);
    });
    return {};
}

} // namespace server
