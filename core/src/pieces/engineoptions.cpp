// SPDX-License-Identifier: GPL-3.0-or-later
#include "brushwork/engineoptions.h"

#include "brushwork/error.h"
#include "brushwork/modelfiles.h"

namespace brushwork {

EngineOptions engineOptionsFor(const RunValues& values, DeviceKind device, int threads,
                               const std::function<void(const std::string&)>& notice)
{
    EngineOptions options;
    options.network = networkNamed(values.network);
    options.precision = precisionNamed(values.precision);
    options.device = device;
    options.threads = threads;
    if (!values.weights.empty()) {
        options.weightsPath = values.weights;
        return options;
    }
    if (const auto found = defaultFeatureWeights(options.network)) {
        options.weightsPath = found->path;
        options.network = found->kind;
        if (found->builtIn && notice)
            notice("Painting with the built-in SqueezeNet; for finer detail install VGG19 "
                   "('brushwork-cli models download').");
        return options;
    }
    const NetworkKind wanted = options.network == NetworkKind::SqueezeNet ? NetworkKind::SqueezeNet : NetworkKind::Vgg19;
    throw Error(ErrorKind::BadInput, modelDirectory(), std::string("no ") + networkName(wanted) + " weights are installed here",
                "Put torchvision's VGG19 as " + modelFileName(wanted) +
                    " in that folder (or set BRUSHWORK_MODEL_DIR), or pass --weights FILE (a plan's \"weights\"); "
                    "'brushwork-cli models random FILE' makes random weights for trying things out");
}

} // namespace brushwork
