// SPDX-License-Identifier: GPL-3.0-or-later
#include "background/stylenetworkstyler.h"

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

/// Every thumbnail shows the same picture, so that the styles compare.
const cv::Mat& referencePicture()
{
    static const cv::Mat picture = matimage::toMat(QImage(QStringLiteral(":/gallery/reference.png")));
    return picture;
}

/// The network's thumbnail, from the cache or made now; null when the
/// network cannot paint (the panel keeps the placeholder, and a click on it
/// says what is wrong).
QImage thumbnailOf(const QString& networkPath)
{
    const QString key = thumbnailcache::keyFor(networkPath);
    QImage thumbnail = thumbnailcache::load(key);
    if (thumbnail.isNull()) {
        try {
            brushwork::setCpuThreads(0);
            const brushwork::FastStyleNetwork network(networkPath.toStdString());
            thumbnail = matimage::toQImage(network.apply(referencePicture()));
            thumbnailcache::store(key, thumbnail);
        } catch (const std::exception&) {
            return {};
        }
    }
    return thumbnail;
}

} // namespace

StyleNetworkStyler::StyleNetworkStyler(QObject* parent)
    : QObject(parent)
{
    mChanged.setSingleShot(true);
    mChanged.setInterval(200);
    connect(&mChanged, &QTimer::timeout, this, &StyleNetworkStyler::refresh);
    connect(&mWatcher, &QFileSystemWatcher::directoryChanged, &mChanged, qOverload<>(&QTimer::start));
}

StyleNetworkStyler::~StyleNetworkStyler() = default;

void StyleNetworkStyler::watchFolder()
{
    // Until the style folder exists, the model folder tells when it appears.
    const QString styles = QString::fromStdString(brushwork::fastStyleDirectory());
    const QString watched = QFileInfo::exists(styles) ? styles : QString::fromStdString(brushwork::modelDirectory());
    if (!mWatcher.directories().isEmpty())
        mWatcher.removePaths(mWatcher.directories());
    if (QFileInfo::exists(watched))
        mWatcher.addPath(watched);
}

void StyleNetworkStyler::refresh()
{
    watchFolder();
    // The news goes out through the ticket; the closures run on this thread.
    mListing.run(
        [this](const TaskTicket& ticket) {
            std::vector<Style> styles;
            QStringList keys;
            try {
                for (const brushwork::InstalledFastStyle& style : brushwork::installedFastStyles()) {
                    styles.push_back({QString::fromStdString(style.path), QString::fromStdString(style.styleName)});
                    keys << thumbnailcache::keyFor(styles.back().path);
                }
                thumbnailcache::prune(keys);
            } catch (const std::exception& error) {
                ticket.report([this, message = errortext::describeUnexpected(error.what())] { Q_EMIT failed(message); });
            }
            ticket.report([this, styles] { Q_EMIT listed(styles); });
            for (const Style& style : styles) {
                if (ticket.superseded())
                    return;
                if (const QImage thumbnail = thumbnailOf(style.path); !thumbnail.isNull())
                    ticket.report([this, path = style.path, thumbnail] { Q_EMIT thumbnailReady(path, thumbnail); });
            }
        },
        [](const TaskResult<NoValue>&) {});
}

const brushwork::FastStyleNetwork& StyleNetworkStyler::network(const QString& path)
{
    if (!mNetwork || mNetworkPath != path) {
        mNetwork.reset();
        mNetwork = std::make_unique<brushwork::FastStyleNetwork>(path.toStdString());
        mNetworkPath = path;
    }
    return *mNetwork;
}

bool StyleNetworkStyler::paint(const QString& networkPath, const cv::Mat& photo)
{
    if (mPainting && networkPath == mPaintingPath)
        return false;
    mPainting = true;
    mPaintingPath = networkPath;
    mPaints.run(
        [this, networkPath, photo] {
            brushwork::setCpuThreads(0);
            const brushwork::FastStyleNetwork& styleNetwork = network(networkPath);
            const cv::Mat preview =
                std::max(photo.cols, photo.rows) > kPreviewSide ? brushwork::resizeToLongSide(photo, kPreviewSide) : photo;
            return Painted{matimage::toQImage(styleNetwork.apply(preview), true),
                           QString::fromStdString(styleNetwork.styleName())};
        },
        [this](const TaskResult<Painted>& result) {
            mPainting = false;
            if (result.ok())
                Q_EMIT painted(result.value.picture, result.value.styleName);
            else
                Q_EMIT failed(errortext::describe(result.error));
        });
    return true;
}

void StyleNetworkStyler::discard()
{
    mPaints.discard();
    mPainting = false;
}

} // namespace brushwork::studio
