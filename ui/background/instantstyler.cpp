// SPDX-License-Identifier: GPL-3.0-or-later
#include "background/instantstyler.h"

#include "support/errortext.h"
#include "support/matimage.h"
#include "background/thumbnailcache.h"

#include "brushwork/cputhreads.h"
#include "brushwork/faststyle.h"
#include "brushwork/faststylelibrary.h"
#include "brushwork/image.h"
#include "brushwork/modelfiles.h"

#include <QFileInfo>

namespace brushwork::studio {

namespace {

/// Paints come before thumbnails: the painter is waiting for them.
constexpr int kPaintPriority = 1;

/// Every thumbnail shows the same picture, so that the styles compare.
const cv::Mat& referencePicture()
{
    static const cv::Mat picture = matimage::toMat(QImage(QStringLiteral(":/gallery/reference.png")));
    return picture;
}

} // namespace

InstantStyler::InstantStyler(QObject* parent)
    : QObject(parent)
{
    // One task at a time: two networks at once would only share the same
    // cores, and the paint would wait for both.
    mPool.setMaxThreadCount(1);
    // The thread keeps LibTorch's warm thread team between clicks.
    mPool.setExpiryTimeout(-1);
    mChanged.setSingleShot(true);
    mChanged.setInterval(200);
    connect(&mChanged, &QTimer::timeout, this, &InstantStyler::refresh);
    connect(&mWatcher, &QFileSystemWatcher::directoryChanged, &mChanged, qOverload<>(&QTimer::start));
}

InstantStyler::~InstantStyler()
{
    ++mGeneration;
    ++mPaintId;
    mPool.clear();
    mPool.waitForDone();
}

void InstantStyler::watchFolder()
{
    // Until the style folder exists, the model folder tells when it appears.
    const QString styles = QString::fromStdString(brushwork::fastStyleDirectory());
    const QString watched = QFileInfo::exists(styles) ? styles : QString::fromStdString(brushwork::modelDirectory());
    if (!mWatcher.directories().isEmpty())
        mWatcher.removePaths(mWatcher.directories());
    if (QFileInfo::exists(watched))
        mWatcher.addPath(watched);
}

void InstantStyler::refresh()
{
    watchFolder();
    const quint64 generation = ++mGeneration;
    mPool.start([this, generation] {
        std::vector<Style> styles;
        QStringList keys;
        try {
            for (const brushwork::InstalledFastStyle& style : brushwork::installedFastStyles()) {
                styles.push_back({QString::fromStdString(style.path), QString::fromStdString(style.styleName)});
                keys << thumbnailcache::keyFor(styles.back().path);
            }
            thumbnailcache::prune(keys);
        } catch (const std::exception& error) {
            const QString message = errortext::describeUnexpected(error.what());
            QMetaObject::invokeMethod(this, [this, message] { Q_EMIT failed(message); }, Qt::QueuedConnection);
        }
        QMetaObject::invokeMethod(
            this,
            [this, generation, styles] {
                if (generation != mGeneration)
                    return;
                Q_EMIT listed(styles);
                for (const Style& style : styles)
                    mPool.start([this, generation, path = style.path] { makeThumbnail(generation, path); });
            },
            Qt::QueuedConnection);
    });
}

void InstantStyler::makeThumbnail(quint64 generation, const QString& networkPath)
{
    if (generation != mGeneration)
        return;
    const QString key = thumbnailcache::keyFor(networkPath);
    QImage thumbnail = thumbnailcache::load(key);
    if (thumbnail.isNull()) {
        try {
            brushwork::setCpuThreads(0);
            const brushwork::FastStyleNetwork network(networkPath.toStdString());
            thumbnail = matimage::toQImage(network.apply(referencePicture()));
            thumbnailcache::store(key, thumbnail);
        } catch (const std::exception&) {
            // The panel keeps the placeholder; a click on it says what is wrong.
            return;
        }
    }
    QMetaObject::invokeMethod(
        this,
        [this, generation, networkPath, thumbnail] {
            if (generation == mGeneration)
                Q_EMIT thumbnailReady(networkPath, thumbnail);
        },
        Qt::QueuedConnection);
}

const brushwork::FastStyleNetwork& InstantStyler::network(const QString& path)
{
    if (!mNetwork || mNetworkPath != path) {
        mNetwork.reset();
        mNetwork = std::make_unique<brushwork::FastStyleNetwork>(path.toStdString());
        mNetworkPath = path;
    }
    return *mNetwork;
}

bool InstantStyler::paint(const QString& networkPath, const cv::Mat& photo)
{
    if (mPainting && networkPath == mPaintingPath)
        return false;
    const quint64 id = ++mPaintId;
    mPainting = true;
    mPaintingPath = networkPath;
    auto report = [this, id](auto emitter) {
        QMetaObject::invokeMethod(
            this,
            [this, id, emitter] {
                if (id != mPaintId)
                    return;
                mPainting = false;
                emitter();
            },
            Qt::QueuedConnection);
    };
    mPool.start(
        [this, id, networkPath, photo, report] {
            if (id != mPaintId)
                return; // replaced while it waited
            try {
                brushwork::setCpuThreads(0);
                const brushwork::FastStyleNetwork& styleNetwork = network(networkPath);
                const cv::Mat preview = std::max(photo.cols, photo.rows) > kPreviewSide
                                            ? brushwork::resizeToLongSide(photo, kPreviewSide)
                                            : photo;
                const QImage picture = matimage::toQImage(styleNetwork.apply(preview), true);
                const QString name = QString::fromStdString(styleNetwork.styleName());
                report([this, picture, name] { Q_EMIT painted(picture, name); });
            } catch (const std::exception& error) {
                const QString message = errortext::describe(error);
                report([this, message] { Q_EMIT failed(message); });
            }
        },
        kPaintPriority);
    return true;
}

void InstantStyler::discard()
{
    ++mPaintId;
    mPainting = false;
}

} // namespace brushwork::studio
