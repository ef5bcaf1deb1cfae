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
    mPool.setMaxThreadCount(1);
    // The thread keeps LibTorch's warm thread team between requests.
    mPool.setExpiryTimeout(-1);
    // Loaded ahead, the networks are ready by the time a photo and a painting
    // are: the first picture then comes as fast as the next ones.
    mPool.start([this] {
        try {
            loadNetworks();
        } catch (const std::exception&) {
            // The first request meets the same error, and reports it.
        }
    });
}

AnyPaintingStyler::~AnyPaintingStyler()
{
    ++mLatest;
    mPool.clear();
    mPool.waitForDone();
}

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
    const quint64 id = ++mLatest;
    mPool.start([this, id, request] { run(id, request); });
}

void AnyPaintingStyler::discard() { ++mLatest; }

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

void AnyPaintingStyler::run(quint64 id, const Request& request)
{
    if (id != mLatest)
        return; // a newer request is waiting behind this one
    auto report = [this, id](auto emitter) {
        QMetaObject::invokeMethod(
            this,
            [this, id, emitter] {
                if (id == mLatest)
                    emitter();
            },
            Qt::QueuedConnection);
    };
    try {
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
        if (id != mLatest)
            return;
        const QImage picture = matimage::toQImage(mNetworks->paint(preview, style), true);

        brushwork::InstantRecipe recipe;
        recipe.network = brushwork::kAnyPaintingNetwork;
        recipe.networkSha256 = mTransformerSha256;
        recipe.strength = std::clamp(request.strength, 0.0f, 1.0f);
        recipe.styleVector.assign(style.values.begin(), style.values.end());
        const double seconds = clock.elapsed() / 1000.0;
        report([this, picture, recipe, seconds] { Q_EMIT painted(picture, recipe, seconds); });
    } catch (const std::exception& error) {
        const QString message = errortext::describe(error);
        report([this, message] { Q_EMIT failed(message); });
    }
}

} // namespace brushwork::studio
