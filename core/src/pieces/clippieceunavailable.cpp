// SPDX-License-Identifier: GPL-3.0-or-later
// Collections built without clips (-DBRUSHWORK_BUILD_VIDEO=OFF): no piece
// is a clip, so a clip's photo fails its piece as a picture it cannot read.
#include "pieces/clippiece.h"

#include "brushwork/error.h"

namespace brushwork {

bool isClipPiece(const CollectionPiece&)
{
    return false;
}

PaintedClip paintClipPiece(const CollectionPiece& piece, const CollectionFolder&, DeviceKind, int, RunControl&,
                           const std::function<void(const std::string&)>&)
{
    throw Error(ErrorKind::Usage, piece.photo, "this build paints no clips (-DBRUSHWORK_BUILD_VIDEO=OFF)",
                "Paint clip pieces with a brushwork-cli built with them (the default)");
}

} // namespace brushwork
