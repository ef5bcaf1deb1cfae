// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "brushwork/tasks/taskrunner.h"

#include <QFileSystemWatcher>
#include <QImage>
#include <QObject>
#include <QString>
#include <QTimer>
#include <opencv2/core.hpp>

#include <memory>
#include <vector>

namespace brushwork {
class FastStyleNetwork;
}

namespace brushwork::studio {

/// The style networks' work, off the GUI thread: listing the installed
/// networks, making their thumbnails for the panel (cached on disk) and painting
/// the photo with one of them. Lives on the GUI thread; paints run on a
/// thread of their own (which keeps the last network loaded), so a photo to
/// paint never waits behind thumbnails. Signals arrive on the GUI thread and
/// only carry the latest request's news. The destructor waits for the paint
/// under way (a fraction of a second) and drops the rest. Networks added to
/// the folder by other means (the command line, a download) are picked up by
/// themselves.
class StyleNetworkStyler : public QObject {
    Q_OBJECT
public:
    struct Style {
        QString path;
        QString name; ///< the network's style name, as the file tells it
    };

    explicit StyleNetworkStyler(QObject* parent = nullptr);
    ~StyleNetworkStyler() override;

    /// The longest side a photo is painted at: a preview, fast on any CPU.
    static constexpr int kPreviewSide = 512;

    /// Lists the installed networks again (listed()), then makes or loads
    /// each one's thumbnail (thumbnailReady()), and watches the folder.
    void refresh();
    /// Paints `photo` (CV_32FC3 RGB 0..1, never changed afterwards) with the
    /// network in `networkPath`, at most kPreviewSide on its long side; a
    /// paint still waiting or under way is dropped, unless it is the same
    /// network (a double click asks twice for one picture). Returns whether
    /// it is a new request.
    bool paint(const QString& networkPath, const cv::Mat& photo);
    /// Drops the paint waiting or under way: it will not be reported.
    void discard();

Q_SIGNALS:
    void listed(const std::vector<StyleNetworkStyler::Style>& styles);
    void thumbnailReady(const QString& networkPath, const QImage& thumbnail);
    void painted(const QImage& picture, const QString& styleName);
    void failed(const QString& message);

private:
    struct Painted {
        QImage picture;
        QString styleName;
    };
    void watchFolder();
    /// The network in `path`, loaded once and kept for the next paint.
    /// Only called from mPaints' work, one request at a time.
    const brushwork::FastStyleNetwork& network(const QString& path);

    QFileSystemWatcher mWatcher;
    QTimer mChanged; ///< one refresh for the burst of changes an atomic copy makes
    bool mPainting = false;
    QString mPaintingPath; ///< the network of the paint waiting or under way
    std::unique_ptr<brushwork::FastStyleNetwork> mNetwork;
    QString mNetworkPath;
    /// Listing and thumbnails; their work uses nothing of this object.
    brushwork::TaskRunner mListing;
    /// Last, so that it is destroyed first: it waits for the paint under way, which uses mNetwork.
    brushwork::TaskRunner mPaints{nullptr, brushwork::TaskRunner::Thread::Own};
};

} // namespace brushwork::studio
