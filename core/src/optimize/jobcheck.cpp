// SPDX-License-Identifier: GPL-3.0-or-later
// Every number a run takes, checked before any work starts.
#include "optimize/regionguides.h"
#include "optimize/styletransfer.h"
#include "optimize/temporalloss.h"

#include "brushwork/error.h"

#include <cmath>

namespace brushwork {

void validateJob(const StyleJob& job)
{
    const StyleParams& p = job.params;
    if (job.content.empty() || job.content.type() != CV_32FC3)
        throw Error(ErrorKind::Usage, {}, "there is no content picture to paint");
    if (job.styles.empty())
        throw Error(ErrorKind::Usage, {}, "there is no style picture", "Add at least one painting as a style");
    for (const StyleSource& style : job.styles)
        if (style.image.empty() || style.image.type() != CV_32FC3)
            throw Error(ErrorKind::Usage, style.name, "the style picture is empty");
    if (p.size < 16 || p.size > 65536)
        throw Error(ErrorKind::Usage, {}, "the output size must be between 16 and 65536 pixels");
    if (p.iterations < 0)
        throw Error(ErrorKind::Usage, {}, "the number of iterations cannot be negative");
    if (!(p.styleScale > 0.01f && p.styleScale <= 16.0f))
        throw Error(ErrorKind::Usage, {}, "the style scale must be between 0.01 and 16");
    // Every number a run takes is checked here, wherever it came from (command
    // line, project, studio): NaN passes every comparison, and a non-finite
    // weight paints nothing.
    auto finiteWeight = [](float w) { return std::isfinite(w) && w >= 0; };
    if (!finiteWeight(p.weights.content) || !finiteWeight(p.weights.style) || !finiteWeight(p.weights.tv))
        throw Error(ErrorKind::Usage, {}, "loss weights must be finite numbers of at least 0");
    for (float w : p.weights.styleBlend)
        if (!finiteWeight(w))
            throw Error(ErrorKind::Usage, {}, "the style blend must hold finite numbers of at least 0");
    for (const LayerWeight& layer : p.styleLayers)
        if (!finiteWeight(layer.weight))
            throw Error(ErrorKind::Usage, layer.layer, "a style layer's weight must be a finite number of at least 0");
    if (!(std::isfinite(p.adamLearningRate) && p.adamLearningRate > 0))
        throw Error(ErrorKind::Usage, {}, "the learning rate must be a finite number above 0");
    if (job.styles.size() > std::size_t(kMaxStyles))
        throw Error(ErrorKind::Usage, {}, "at most " + std::to_string(kMaxStyles) + " paintings may be blended");
    if (p.iterations > kMaxIterations)
        throw Error(ErrorKind::Usage, {}, "at most " + std::to_string(kMaxIterations) + " iterations");
    if (p.init == InitKind::Image && (p.initImage.empty() || p.initImage.type() != CV_32FC3))
        throw Error(ErrorKind::Usage, {}, "initialisation from a picture needs that picture");
    if (p.plateau.window < 1 || p.plateau.window > 1000 ||
        !(std::isfinite(p.plateau.tolerance) && p.plateau.tolerance > 0 && p.plateau.tolerance < 1))
        throw Error(ErrorKind::Usage, {}, "the plateau rule needs a window of 1 to 1000 evaluations and a tolerance above 0 and below 1");
    if (p.tileSide != 0 && p.tileSide < 32)
        throw Error(ErrorKind::Usage, {}, "tiles must be at least 32 pixels");
    if (p.previewSize < 16 || p.previewSize > 65536)
        throw Error(ErrorKind::Usage, {}, "the preview size must be between 16 and 65536 pixels");
    checkRegions(p.weights.regions, job.styles.size(), job.content.size());
    if (job.temporal)
        validateTemporal(*job.temporal, job.content);
}

} // namespace brushwork
