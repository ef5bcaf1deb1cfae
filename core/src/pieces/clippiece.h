// SPDX-License-Identifier: GPL-3.0-or-later
// A collection piece whose photo is a clip (issue 25): painted frame by
// frame like `video`, its animation written beside its still poster.
#pragma once

#include "brushwork/collection.h"
#include "brushwork/collectionfolder.h"
#include "brushwork/params.h"
#include "brushwork/runcontrol.h"

#include <opencv2/core.hpp>

#include <functional>
#include <string>

namespace brushwork {

/// Whether `piece`'s photo is a clip this build paints as one (never in a
/// build without clips, where a clip is refused as a picture it cannot read).
bool isClipPiece(const CollectionPiece& piece);

struct PaintedClip {
    bool cancelled = false;
    cv::Mat poster;        ///< the animation's first frame as it plays, CV_32FC3 RGB 0..1
    PieceAnimation animation;
    std::string weightsSha256; ///< of the built-in style network (instant) or the feature network
};

/// Paints the clip of `piece` (method "instant" or "optimize"; "fast" is
/// refused with Error(BadInput)) into folder.animationPath: a GIF or WebP
/// stays one, anything else becomes an MP4. An interrupted piece goes on
/// from the frames kept beside the animation.
PaintedClip paintClipPiece(const CollectionPiece& piece, const CollectionFolder& folder, DeviceKind device,
                           int threads, RunControl& control, const std::function<void(const std::string&)>& notice);

} // namespace brushwork
