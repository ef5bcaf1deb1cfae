// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "brushwork/params.h"
#include "brushwork/project.h"

#include <QImage>
#include <QObject>
#include <QString>
#include <opencv2/core.hpp>

#include <optional>
#include <vector>

namespace brushwork::studio {

class ParameterPanel;
class StyleList;

/// What the studio is working on: the photo, the paintings and settings (in
/// their widgets) and the current picture. The window and its controllers
/// share it; whoever changes the photo or the picture does it here, and the
/// window shows the change.
class StudioSession : public QObject {
    Q_OBJECT
public:
    StudioSession(StyleList* paintings, ParameterPanel* parameters, QObject* parent = nullptr);

    const cv::Mat& photo() const { return mPhoto; }
    const QImage& photoImage() const { return mPhotoImage; }
    const QString& photoPath() const { return mPhotoPath; }
    void setPhoto(const QString& path, const cv::Mat& image);

    /// The picture painted so far; null when there is none yet.
    const QImage& picture() const { return mPicture; }
    /// How the picture was painted when it is an instant picture; unset when
    /// the optimisation painted it (or there is none).
    const std::optional<brushwork::InstantRecipe>& instant() const { return mInstant; }
    /// The picture is the instant picture of the photo in any painting's style.
    bool showsAnyPaintingPicture() const;
    void setPicture(const QImage& picture, const std::optional<brushwork::InstantRecipe>& instant = {});

    StyleList* paintings() const { return mPaintings; }
    ParameterPanel* parameters() const { return mParameters; }
    std::vector<cv::Mat> paintingImages() const;
    /// Photo, paintings and the installed network are all there.
    bool readyToPaint() const;

    /// The settings as the engine takes them, blends included. Throws
    /// Error(Usage) when a field cannot be read (e.g. a style layer's weight).
    brushwork::StyleParams params() const;
    /// The project that reproduces the current picture; throws as params().
    brushwork::Project recipe() const;

    /// The installed feature network: VGG19, else SqueezeNet; empty when none.
    static QString weightsPath();

Q_SIGNALS:
    void photoChanged();
    void pictureChanged();

private:
    StyleList* mPaintings;
    ParameterPanel* mParameters;
    cv::Mat mPhoto;
    QImage mPhotoImage;
    QString mPhotoPath;
    QImage mPicture;
    std::optional<brushwork::InstantRecipe> mInstant;
};

} // namespace brushwork::studio
