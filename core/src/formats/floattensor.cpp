// SPDX-License-Identifier: GPL-3.0-or-later
#include "formats/floattensor.h"

#include "brushwork/error.h"

#include <opencv2/core/cvdef.h>

#include <cmath>
#include <cstring>

namespace brushwork {

float floatFromHalf(std::uint16_t bits)
{
    return float(cv::float16_t::fromBits(bits));
}

float floatFromBFloat16(std::uint16_t bits)
{
    // bfloat16 is the upper half of a float32.
    const std::uint32_t wide = std::uint32_t(bits) << 16;
    float value;
    std::memcpy(&value, &wide, sizeof value);
    return value;
}

std::uint16_t halfFromFloat(float value)
{
    return cv::float16_t(value).bits();
}

void requireFiniteTensors(const FloatTensors& tensors, const std::string& path)
{
    for (const auto& [name, tensor] : tensors)
        for (float value : tensor.values)
            if (!std::isfinite(value))
                throw Error(ErrorKind::BadInput, path,
                            "tensor " + name + " holds values that are not numbers (NaN or infinity)",
                            "The weights are damaged; download or export them again");
}

std::string shapeText(const std::vector<std::int64_t>& shape)
{
    std::string text = "[";
    for (std::size_t i = 0; i < shape.size(); ++i)
        text += (i ? ", " : "") + std::to_string(shape[i]);
    return text + "]";
}

} // namespace brushwork
