// SPDX-License-Identifier: GPL-3.0-or-later
#include "session/studiosession.h"

#include "support/matimage.h"

#include "brushwork/modelfiles.h"

#include <QFileInfo>

#include <opencv2/core.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <utility>

namespace brushwork::studio {

namespace {

bool sameWeights(const brushwork::LossWeights& a, const brushwork::LossWeights& b)
{
    return a.content == b.content && a.style == b.style && a.tv == b.tv;
}

} // namespace

StudioSession::StudioSession(QObject* parent)
    : QObject(parent)
{
}

void StudioSession::setPhoto(const QString& path, const cv::Mat& image)
{
    if (hasClip() && path != mClip.path) { // a photo in place of the clip
        mClip = {};
        mClipFrame = 0;
        mPaintedClip.clear();
        Q_EMIT clipChanged();
    }
    mPhoto = image;
    mPhotoImage = matimage::toQImage(image);
    mPhotoPath = path;
    Q_EMIT photoChanged();
    // Masks painted on another picture mean nothing on this one.
    if (!mRegions.empty()) {
        mRegions.clear();
        announceRegions();
    }
}

void StudioSession::setClip(const Clip& clip, const cv::Mat& image, int index)
{
    mClip = clip;
    mClipFrame = index;
    mPaintedClip.clear();
    Q_EMIT clipChanged();
    setPhoto(clip.path, image);
    Q_EMIT clipFrameChanged();
}

void StudioSession::setClipFrameCount(int count)
{
    if (!hasClip() || count == mClip.frameCount)
        return;
    mClip.frameCount = count;
    Q_EMIT clipChanged();
}

void StudioSession::setClipFrame(int frame, const cv::Mat& image)
{
    if (!hasClip())
        return;
    mClipFrame = frame;
    setPhoto(mClip.path, image);
    Q_EMIT clipFrameChanged();
}

void StudioSession::setPaintedClip(const QString& folder)
{
    mPaintedClip = folder;
    Q_EMIT clipChanged();
}

void StudioSession::addPainting(const QString& path, const cv::Mat& image, float share)
{
    mPaintings.push_back({path, image, share});
    Q_EMIT paintingsChanged();
}

void StudioSession::removePainting(int index)
{
    if (index < 0 || index >= int(mPaintings.size()))
        return;
    mPaintings.erase(mPaintings.begin() + index);
    std::vector<int> places(mPaintings.size() + 1);
    std::iota(places.begin(), places.end(), 0);
    places[index] = -1;
    for (std::size_t i = index + 1; i < places.size(); ++i)
        places[i] = int(i) - 1;
    Q_EMIT paintingsChanged();
    followPaintings(places);
}

void StudioSession::movePainting(int from, int to)
{
    const int count = int(mPaintings.size());
    if (from < 0 || to < 0 || from >= count || to >= count || from == to)
        return;
    std::swap(mPaintings[from], mPaintings[to]);
    std::vector<int> places(count);
    std::iota(places.begin(), places.end(), 0);
    std::swap(places[from], places[to]);
    Q_EMIT paintingsChanged();
    followPaintings(places);
}

void StudioSession::setPaintings(std::vector<Painting> paintings)
{
    mPaintings = std::move(paintings);
    Q_EMIT paintingsChanged();
    std::vector<int> places;
    for (const brushwork::Region& region : mRegions)
        places.resize(std::max<std::size_t>(places.size(), region.painting + 1), -1);
    for (std::size_t i = 0; i < std::min(places.size(), mPaintings.size()); ++i)
        places[i] = int(i);
    followPaintings(places);
}

void StudioSession::setShare(int index, float share)
{
    if (index < 0 || index >= int(mPaintings.size()) || mPaintings[index].share == share)
        return;
    mPaintings[index].share = share;
    Q_EMIT sharesChanged();
    Q_EMIT weightsChanged();
}

std::vector<float> StudioSession::shares() const
{
    std::vector<float> shares;
    for (const Painting& painting : mPaintings)
        shares.push_back(painting.share);
    return shares;
}

std::vector<cv::Mat> StudioSession::paintingImages() const
{
    std::vector<cv::Mat> images;
    for (const Painting& painting : mPaintings)
        images.push_back(painting.image);
    return images;
}

void StudioSession::setSettings(const brushwork::StyleParams& settings, std::optional<brushwork::Error> unreadable)
{
    const bool weightsMoved = !sameWeights(settings.weights, mSettings.weights);
    mSettings = settings;
    mSettings.weights.styleBlend.clear(); // the shares are the blend
    mSettings.weights.regions.clear();    // and the session's regions the regions
    mUnreadable = std::move(unreadable);
    Q_EMIT settingsChanged();
    if (weightsMoved)
        Q_EMIT weightsChanged();
}

void StudioSession::setPrintSize(const QString& print)
{
    std::optional<brushwork::PrintSize> parsed;
    if (!print.isEmpty())
        parsed = brushwork::parsePrintSize(print.toStdString());
    mPrint = parsed;
    mPrintText = print;
    Q_EMIT printSizeChanged();
}

double StudioSession::dpiFor(QSize picture) const
{
    if (!mPrint || picture.isEmpty())
        return 0;
    return brushwork::effectiveDpi(*mPrint, picture.width(), picture.height());
}

brushwork::LossWeights StudioSession::weights() const
{
    brushwork::LossWeights weights = mSettings.weights;
    weights.styleBlend = shares();
    for (const brushwork::Region& region : mRegions)
        if (cv::countNonZero(region.mask) > 0)
            weights.regions.push_back(region);
    return weights;
}

cv::Size StudioSession::maskSize() const
{
    const int side = std::max(mPhoto.cols, mPhoto.rows);
    if (side <= kMaskSide)
        return mPhoto.size();
    const double scale = double(kMaskSide) / side;
    return {std::max(1, int(std::lround(mPhoto.cols * scale))), std::max(1, int(std::lround(mPhoto.rows * scale)))};
}

int StudioSession::addRegion(int painting)
{
    brushwork::Region region;
    region.painting = painting;
    region.mask = cv::Mat(maskSize(), CV_32FC1, cv::Scalar(0));
    mRegions.push_back(region);
    announceRegions();
    return int(mRegions.size()) - 1;
}

void StudioSession::setRegion(int index, const brushwork::Region& region)
{
    if (index < 0 || index >= int(mRegions.size()))
        return;
    mRegions[index] = region;
    announceRegions();
}

void StudioSession::removeRegion(int index)
{
    if (index < 0 || index >= int(mRegions.size()))
        return;
    mRegions.erase(mRegions.begin() + index);
    announceRegions();
}

void StudioSession::setRegions(std::vector<brushwork::Region> regions)
{
    mRegions.clear();
    for (brushwork::Region& region : regions)
        if (region.painting == brushwork::Region::kKeepPhoto ||
            (region.painting >= 0 && region.painting < int(mPaintings.size())))
            mRegions.push_back(std::move(region));
    announceRegions();
}

void StudioSession::followPaintings(const std::vector<int>& places)
{
    bool moved = false;
    for (auto region = mRegions.begin(); region != mRegions.end();) {
        if (region->painting == brushwork::Region::kKeepPhoto) {
            ++region;
            continue;
        }
        const int place = std::size_t(region->painting) < places.size() ? places[region->painting] : -1;
        moved = moved || place != region->painting;
        if (place < 0) {
            region = mRegions.erase(region);
            continue;
        }
        region->painting = place;
        ++region;
    }
    if (moved)
        announceRegions();
}

void StudioSession::announceRegions()
{
    Q_EMIT regionsChanged();
    Q_EMIT weightsChanged();
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

bool StudioSession::readyToPaint() const
{
    return !mPhoto.empty() && !mPaintings.empty() && !weightsPath().isEmpty();
}

brushwork::StyleParams StudioSession::params() const
{
    if (mUnreadable)
        throw *mUnreadable;
    brushwork::StyleParams params = mSettings;
    params.weights = weights();
    return params;
}

brushwork::Project StudioSession::recipe() const
{
    brushwork::Project recipe;
    recipe.content = {mPhotoPath.toStdString(), QFileInfo(mPhotoPath).completeBaseName().toStdString(), {}};
    recipe.contentFrame = hasClip() ? mClipFrame + 1 : 0;
    for (const Painting& painting : mPaintings)
        recipe.styles.push_back(
            {painting.path.toStdString(), QFileInfo(painting.path).completeBaseName().toStdString(), {}});
    recipe.params = params();
    const QString weights = weightsPath();
    if (!weights.isEmpty())
        recipe.network = brushwork::networkName(brushwork::checkWeightsFile(weights.toStdString()));
    recipe.printSize = mPrintText.toStdString();
    recipe.dpi = dpiFor(mPicture.size());
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
