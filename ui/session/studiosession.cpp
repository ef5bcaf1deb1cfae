// SPDX-License-Identifier: GPL-3.0-or-later
#include "window/studiosession.h"

#include "support/matimage.h"
#include "widgets/parameterpanel.h"
#include "widgets/printsizepicker.h"
#include "widgets/stylelist.h"

#include "brushwork/modelfiles.h"

#include <QFileInfo>

namespace brushwork::studio {

StudioSession::StudioSession(StyleList* paintings, ParameterPanel* parameters, QObject* parent)
    : QObject(parent)
    , mPaintings(paintings)
    , mParameters(parameters)
{
}

void StudioSession::setPhoto(const QString& path, const cv::Mat& image)
{
    mPhoto = image;
    mPhotoImage = matimage::toQImage(image);
    mPhotoPath = path;
    Q_EMIT photoChanged();
}

void StudioSession::setPicture(const QImage& picture, const std::optional<brushwork::InstantRecipe>& instant)
{
    mPicture = picture;
    mInstant = instant;
    Q_EMIT pictureChanged();
}

bool StudioSession::showsAnyPaintingPicture() const
{
    return !mPicture.isNull() && mInstant && mInstant->network == brushwork::kAnyPaintingNetwork;
}

std::vector<cv::Mat> StudioSession::paintingImages() const
{
    std::vector<cv::Mat> images;
    for (const StyleList::Style& style : mPaintings->styles())
        images.push_back(style.image);
    return images;
}

bool StudioSession::readyToPaint() const
{
    return !mPhoto.empty() && !mPaintings->styles().empty() && !weightsPath().isEmpty();
}

brushwork::StyleParams StudioSession::params() const
{
    brushwork::StyleParams params = mParameters->params();
    params.weights.styleBlend = mPaintings->blends();
    return params;
}

brushwork::Project StudioSession::recipe() const
{
    brushwork::Project recipe;
    recipe.content = {mPhotoPath.toStdString(), QFileInfo(mPhotoPath).completeBaseName().toStdString(), {}};
    for (const StyleList::Style& style : mPaintings->styles())
        recipe.styles.push_back({style.path.toStdString(), QFileInfo(style.path).completeBaseName().toStdString(), {}});
    recipe.params = params();
    const QString weights = weightsPath();
    if (!weights.isEmpty())
        recipe.network = brushwork::networkName(brushwork::checkWeightsFile(weights.toStdString()));
    recipe.printSize = mParameters->printPicker()->printText().toStdString();
    recipe.dpi = mParameters->printPicker()->dpiFor(mPicture.size());
    recipe.instant = mInstant;
    return recipe;
}

QString StudioSession::weightsPath()
{
    if (const auto weights = brushwork::defaultFeatureWeights())
        return QString::fromStdString(weights->path);
    return {};
}

} // namespace brushwork::studio
