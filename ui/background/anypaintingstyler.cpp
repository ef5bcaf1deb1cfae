// SPDX-License-Identifier: GPL-3.0-or-later
#include "background/anypaintingstyler.h"

#include "support/errortext.h"
#include "support/matimage.h"

#include "brushwork/builtinmodels.h"
#include "brushwork/image.h"
#include "brushwork/instantstyle.h"
#include "brushwork/sha256.h"

#include <QCryptographicHash>
#include <QElapsedTimer>

#include <algorithm>

namespace brushwork::studio {

namespace {

/// Pictures are told apart by their pixels, not by where they came from: a
/// pasted painting has no file, and a file can change. Hashing a few dozen
/// rows is enough to tell two pictures apart and costs a millisecond.
QByteArray fingerprint(const cv::Mat& picture)
{
    QCryptographicHash hash(QCryptographicHash::Sha1);
    const int size[] = {picture.cols, picture.rows, picture.type()};
    hash.addData(QByteArrayView(reinterpret_cast<const char*>(size), sizeof size));
    const int rows = std::min(picture.rows, 64);
    for (int i = 0; i < rows; ++i) {
        const int row = int(std::int64_t(i) * picture.rows / rows);
        hash.addData(QByteArrayView(picture.ptr<const char>(row), qsizetype(picture.cols * picture.elemSize())));
    }
    return hash.result();
}

/// The most style vectors kept: a painting's costs 400 bytes, and a session
/// rarely sees more.
constexpr std::size_t kMaxVectors = 256;

} // namespace

AnyPaintingStyler::AnyPaintingStyler(QObject* parent)
    : QObject(parent)
{
    // Loaded ahead, the networks are ready by the time a photo and a painting
    // are: the first picture then comes as fast as the next ones. A failure
    // is not reported: the first request meets the same error, and reports it.
    mTasks.run([this] { loadNetworks(); }, [](const TaskResult<NoValue>&) {});
}

AnyPaintingStyler::~AnyPaintingStyler() = default;

void AnyPaintingStyler::loadNetworks()
{
    if (mNetworks)
        return;
    mNetworks = std::make_unique<brushwork::InstantStyle>();
    // With the style vector in the recipe, the painting network alone decides the picture.
    mTransformerSha256 = brushwork::sha256File(brushwork::builtinModelPath(brushwork::kStyleTransformerFile));
}

void AnyPaintingStyler::paint(const Request& request)
{
    mTasks.run([this, request](const TaskTicket& ticket) { return run(ticket, request); },
               [this](const TaskResult<Painted>& result) {
                   if (result.ok())
                       Q_EMIT painted(result.value.picture, result.value.recipe, result.value.seconds);
                   else
                       Q_EMIT failed(errortext::describe(result.error));
               });
}

const brushwork::StyleVector& AnyPaintingStyler::styleOf(const cv::Mat& picture)
{
    const QByteArray key = fingerprint(picture);
    auto found = mVectors.find(key);
    if (found == mVectors.end()) {
        if (mVectors.size() >= kMaxVectors)
            mVectors.clear();
        found = mVectors.emplace(key, std::make_unique<brushwork::StyleVector>(mNetworks->styleOf(picture))).first;
    }
    return *found->second;
}

AnyPaintingStyler::Painted AnyPaintingStyler::run(const TaskTicket& ticket, const Request& request)
{
    QElapsedTimer clock;
    clock.start();
    loadNetworks();
    std::vector<brushwork::StyleVector> vectors;
    for (const cv::Mat& painting : request.paintings)
        vectors.push_back(styleOf(painting));
    const cv::Mat preview = std::max(request.photo.cols, request.photo.rows) > kPreviewSide
                                ? brushwork::resizeToLongSide(request.photo, kPreviewSide)
                                : request.photo;
    const brushwork::StyleVector style = brushwork::withStrength(
        brushwork::blendStyleVectors(vectors, request.blends), styleOf(request.photo), request.strength);
    if (ticket.superseded())
        return {};
    Painted painted;
    painted.picture = matimage::toQImage(
        brushwork::paintRegions(*mNetworks, preview, vectors, style, request.regions, request.seamless), true);
    painted.recipe.network = brushwork::kAnyPaintingNetwork;
    painted.recipe.networkSha256 = mTransformerSha256;
    painted.recipe.strength = std::clamp(request.strength, 0.0f, 1.0f);
    painted.recipe.styleVector.assign(style.values.begin(), style.values.end());
    painted.seconds = clock.elapsed() / 1000.0;
    return painted;
}

} // namespace brushwork::studio
