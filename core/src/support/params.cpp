// SPDX-License-Identifier: GPL-3.0-or-later
#include "brushwork/params.h"

namespace brushwork {

const char* networkName(NetworkKind kind)
{
    switch (kind) {
    case NetworkKind::SqueezeNet:
        return "squeezenet";
    case NetworkKind::Vgg19:
        return "vgg19";
    case NetworkKind::Auto:
        break;
    }
    return "auto";
}

} // namespace brushwork
