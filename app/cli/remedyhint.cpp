// SPDX-License-Identifier: GPL-3.0-or-later
#include "remedyhint.h"

namespace cli {

std::string remedyHint(brushwork::Remedy remedy)
{
    using brushwork::Remedy;
    switch (remedy) {
    case Remedy::None:
        return {};
    case Remedy::NameTheNetwork:
        return "Say which network it is with --network vgg19 or --network squeezenet.";
    case Remedy::UseTheCpu:
        return "Use --device cpu.";
    case Remedy::ChangePrecision:
        return "Use --precision bf16 or --precision fp32.";
    case Remedy::ProvideWeights:
        return "Pass --weights FILE, or install VGG19 with 'brushwork-cli models download'.";
    case Remedy::AllowMoreMemory:
        return "Allow more with --memory-budget SIZE (e.g. --memory-budget 8G).";
    case Remedy::RunNetworkDirectly:
        return "Run it without installing it: 'brushwork-cli fast --model FILE PHOTO -o OUT'.";
    case Remedy::GiveDownloadAddress:
        return "Give its address with --url URL.";
    }
    return {};
}

} // namespace cli
