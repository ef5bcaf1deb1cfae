// SPDX-License-Identifier: GPL-3.0-or-later
// Where the feature network runs and in which precision. Reduced precision
// (bfloat16 or float16) is used for the network's convolutions only, through
// autocast; Gram matrices, losses and the picture itself stay in float32.
#pragma once

#include <ATen/autocast_mode.h>
#include <c10/core/impl/LocalDispatchKeySet.h>
#include <torch/torch.h>

namespace brushwork {

struct Compute {
    torch::Device device{torch::kCPU};
    torch::ScalarType networkType = torch::kFloat32; ///< kFloat32, kBFloat16 or kHalf

    bool reduced() const { return networkType != torch::kFloat32; }
};

/// While alive, the network's operations run in compute.networkType.
/// Autocast state is per thread, like LibTorch's grad mode.
class AutocastScope {
public:
    explicit AutocastScope(const Compute& compute);
    ~AutocastScope();
    AutocastScope(const AutocastScope&) = delete;
    AutocastScope& operator=(const AutocastScope&) = delete;

private:
    bool mActive;
    bool mCuda;
    bool mWasEnabled = false;
};

/// While alive, autocast is suspended: for the Grams and losses computed in
/// the middle of a reduced-precision forward pass.
class FullPrecisionScope {
public:
    FullPrecisionScope()
        : mGuard(c10::autocast_dispatch_keyset)
    {
    }

private:
    c10::impl::ExcludeDispatchKeyGuard mGuard;
};

} // namespace brushwork
