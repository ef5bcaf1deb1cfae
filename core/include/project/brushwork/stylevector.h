// SPDX-License-Identifier: GPL-3.0-or-later
// A painting's style as the built-in any-painting network sees it. Plain
// numbers: projects keep the vector their instant picture was painted with,
// and the engine (instantstyle.h) makes and uses them.
#pragma once

#include <array>
#include <cstddef>

namespace brushwork {

/// What the style network sees in a painting.
struct StyleVector {
    static constexpr std::size_t kSize = 100;
    std::array<float, kSize> values{};
};

} // namespace brushwork
