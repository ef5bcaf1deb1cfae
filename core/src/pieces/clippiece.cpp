// SPDX-License-Identifier: GPL-3.0-or-later
#include "pieces/clippiece.h"

#include "brushwork/builtinmodels.h"
#include "brushwork/clippainting.h"
#include "brushwork/engineoptions.h"
#include "brushwork/error.h"
#include "brushwork/framesource.h"
#include "brushwork/sha256.h"

#include <algorithm>
#include <filesystem>

namespace brushwork {
namespace {

/// A GIF or WebP piece is minted as one (what wallets play everywhere);
/// videos as MP4.
std::string animationExtension(const std::string& photo)
{
    std::string extension = std::filesystem::path(photo).extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(), [](unsigned char c) { return std::tolower(c); });
    return extension == ".gif" || extension == ".webp" ? extension : ".mp4";
}

} // namespace

bool isClipPiece(const CollectionPiece& piece)
{
    return isClipPath(piece.photo);
}

PaintedClip paintClipPiece(const CollectionPiece& piece, const CollectionFolder& folder, DeviceKind device,
                           int threads, RunControl& control, const std::function<void(const std::string&)>& notice)
{
    if (piece.method == PaintMethod::Fast)
        throw Error(ErrorKind::BadInput, piece.photo,
                    "piece \"" + piece.id + "\" is a clip, which method \"fast\" does not paint",
                    "Paint clips with method \"instant\" or \"optimize\"");
    const RunValues values = runValuesOf(piece);
    ClipOptions options;
    options.params = styleParamsOf(piece);
    options.method = piece.method == PaintMethod::Instant ? ClipMethod::Instant : ClipMethod::Optimize;
    options.size = options.params.size;
    options.strength = values.strength;
    options.styleWeights = options.params.weights.styleBlend;
    options.colours = options.params.colour;
    options.device = device;
    options.threads = threads;
    PaintedClip painted;
    if (options.method == ClipMethod::Optimize) {
        options.engine = engineOptionsFor(values, device, threads, notice);
        painted.weightsSha256 = sha256File(options.engine.weightsPath);
    } else {
        painted.weightsSha256 = sha256File(builtinModelPath(kStyleTransformerFile));
    }
    const std::string extension = animationExtension(piece.photo);
    const std::string path = folder.animationPath(piece.id, extension);
    ClipCallbacks callbacks;
    callbacks.onNotice = notice;
    const ClipResult result = paintClip(piece.photo, piece.paintings, path, options, control, callbacks);
    if (result.cancelled) {
        painted.cancelled = true;
        return painted;
    }
    std::unique_ptr<FrameSource> written = openFrameSource(path);
    if (!written->next(painted.poster))
        throw Error(ErrorKind::Io, path, "the painted clip holds no frame", "Paint the piece again");
    painted.animation = {std::filesystem::path(path).filename().string(), sha256File(path), result.last.frameCount,
                         result.fps};
    return painted;
}

} // namespace brushwork
