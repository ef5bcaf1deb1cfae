// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "brushwork/error.h"
#include "brushwork/params.h"
#include "brushwork/printsize.h"
#include "brushwork/project.h"

#include <QImage>
#include <QObject>
#include <QSize>
#include <QString>
#include <opencv2/core.hpp>

#include <optional>
#include <vector>

namespace brushwork::studio {

/// What the studio is working on, apart from any widget: the photo, the
/// paintings with their shares, the run settings and the current picture.
/// The window, its widgets and its controllers share it: whoever changes a
/// value changes it here, and whoever shows it follows the signals. Work
/// that adds to what a painting is made of (regions, video) adds it here.
class StudioSession : public QObject {
    Q_OBJECT
public:
    struct Painting {
        QString path;       ///< where it was opened from
        cv::Mat image;      ///< CV_32FC3 RGB 0..1
        float share = 1.0f; ///< its weight in the blend, >= 0
    };

    explicit StudioSession(QObject* parent = nullptr);

    const cv::Mat& photo() const { return mPhoto; }
    const QImage& photoImage() const { return mPhotoImage; }
    const QString& photoPath() const { return mPhotoPath; }
    void setPhoto(const QString& path, const cv::Mat& image);

    const std::vector<Painting>& paintings() const { return mPaintings; }
    void addPainting(const QString& path, const cv::Mat& image, float share = 1.0f);
    /// Out-of-range indices change nothing.
    void removePainting(int index);
    void movePainting(int from, int to);
    void setPaintings(std::vector<Painting> paintings);
    void setShare(int index, float share);
    std::vector<float> shares() const;
    std::vector<cv::Mat> paintingImages() const;

    /// The run settings as the painter chose them; the blend is the shares'.
    const brushwork::StyleParams& settings() const { return mSettings; }
    /// `unreadable`: a setting the painter typed that cannot be read (a
    /// style layer's weight that is no number); params() throws it until
    /// settings come without one.
    void setSettings(const brushwork::StyleParams& settings, std::optional<brushwork::Error> unreadable = {});
    /// The print the size was chosen for, as --print spells it ("A3@300");
    /// empty for the screen. Throws Error(Usage) for a print it cannot read.
    const QString& printSize() const { return mPrintText; }
    void setPrintSize(const QString& print);
    /// The DPI to write into a picture of `picture` pixels: its resolution
    /// printed at the chosen print size; 0 for the screen or an empty size.
    double dpiFor(QSize picture) const;
    /// The loss weights with the shares and the painted regions: what
    /// steers a run in progress.
    brushwork::LossWeights weights() const;

    /// The regions painted on the photo, in the order painted. Masks are
    /// CV_32FC1 of the photo's aspect ratio; a region may still be empty
    /// (nothing painted yet), and weights() leaves those out. A changed
    /// region comes with a new mask (Region::mask: a run may hold the old).
    const std::vector<brushwork::Region>& regions() const { return mRegions; }
    /// The size a new region's mask is painted at: the photo's, at most
    /// kMaskSide on its long side (the engine stretches masks to each scale).
    cv::Size maskSize() const;
    static constexpr int kMaskSide = 1024;
    /// A new empty region for painting `painting` (or Region::kKeepPhoto); returns its index.
    int addRegion(int painting);
    /// Out-of-range indices change nothing.
    void setRegion(int index, const brushwork::Region& region);
    void removeRegion(int index);
    /// All at once, e.g. from a project; regions naming a painting the
    /// session lacks are left out.
    void setRegions(std::vector<brushwork::Region> regions);

    /// The picture painted so far; null when there is none yet.
    const QImage& picture() const { return mPicture; }
    /// How the picture was painted when it is an instant picture; unset when
    /// the optimisation painted it (or there is none).
    const std::optional<brushwork::InstantRecipe>& instant() const { return mInstant; }
    /// The picture is the instant picture of the photo in any painting's style.
    bool showsAnyPaintingPicture() const;
    void setPicture(const QImage& picture, const std::optional<brushwork::InstantRecipe>& instant = {});

    /// Photo, paintings and the installed network are all there.
    bool readyToPaint() const;
    /// The settings as the engine takes them, blend included. Throws the
    /// unreadable setting's Error(Usage), if any.
    brushwork::StyleParams params() const;
    /// The project that reproduces the current picture; throws as params().
    brushwork::Project recipe() const;

    /// A clip open in place of a photo (issue 25): the photo is its current
    /// frame, and the photo's path is the clip's.
    struct Clip {
        QString path;       ///< empty: no clip is open
        int frameCount = 0; ///< as far as known (the header's, then the frames read)
        double fps = 0;     ///< 0: the clip names no rate
    };
    const Clip& clip() const { return mClip; }
    bool hasClip() const { return !mClip.path.isEmpty(); }
    /// Opens `clip` at frame `index` (from 0), `image`; forgets a painted clip.
    void setClip(const Clip& clip, const cv::Mat& image, int index = 0);
    /// The frame count once every frame has been read.
    void setClipFrameCount(int count);
    /// The current frame, from 0.
    int clipFrame() const { return mClipFrame; }
    /// Frame `frame` (from 0) of the clip becomes the photo.
    void setClipFrame(int frame, const cv::Mat& image);
    /// The folder of the clip's painted frames once "Paint the Video" has
    /// painted them all; empty before.
    const QString& paintedClip() const { return mPaintedClip; }
    void setPaintedClip(const QString& folder);

    /// The installed feature network: VGG19, else SqueezeNet; empty when none.
    static QString weightsPath();

Q_SIGNALS:
    void photoChanged();
    /// Paintings were added, removed, moved or replaced.
    void paintingsChanged();
    /// A painting's share moved.
    void sharesChanged();
    void settingsChanged();
    void printSizeChanged();
    /// weights() changed (a loss weight, a share or a region): a run in progress follows it.
    void weightsChanged();
    void pictureChanged();
    /// A region was added, removed, painted or re-assigned.
    void regionsChanged();
    /// A clip was opened or closed, its frame count became known or its
    /// painted frames came or went.
    void clipChanged();
    /// Another frame of the clip is the photo.
    void clipFrameChanged();

private:
    /// After paintings moved or went: regions follow their painting's new
    /// place, and those whose painting went go with it. `places[i]` is old
    /// painting i's new index, -1 for gone.
    void followPaintings(const std::vector<int>& places);
    void announceRegions();

    cv::Mat mPhoto;
    QImage mPhotoImage;
    QString mPhotoPath;
    std::vector<Painting> mPaintings;
    brushwork::StyleParams mSettings;
    std::optional<brushwork::Error> mUnreadable;
    QString mPrintText;
    std::optional<brushwork::PrintSize> mPrint;
    std::vector<brushwork::Region> mRegions;
    QImage mPicture;
    std::optional<brushwork::InstantRecipe> mInstant;
    Clip mClip;
    int mClipFrame = 0;
    QString mPaintedClip;
};

} // namespace brushwork::studio
