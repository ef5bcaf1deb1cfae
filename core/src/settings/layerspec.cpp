// SPDX-License-Identifier: GPL-3.0-or-later
#include "brushwork/layerspec.h"

#include "brushwork/error.h"

#include <cmath>
#include <cstdlib>
#include <sstream>

namespace brushwork {
namespace {

std::string trimmed(const std::string& text)
{
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string::npos)
        return {};
    return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

const char* const kExample = "Write the layers like relu1_1,relu2_1:0.5";

} // namespace

std::vector<LayerWeight> parseStyleLayers(const std::string& text)
{
    std::vector<LayerWeight> layers;
    std::stringstream stream(text);
    std::string raw;
    while (std::getline(stream, raw, ',')) {
        const std::string item = trimmed(raw);
        if (item.empty())
            continue;
        const auto colon = item.find(':');
        LayerWeight layer{trimmed(item.substr(0, colon)), 1.0f};
        if (layer.layer.empty())
            throw Error(ErrorKind::Usage, {}, "the style layer \"" + item + "\" has no layer name", kExample);
        if (colon != std::string::npos) {
            const std::string number = trimmed(item.substr(colon + 1));
            char* end = nullptr;
            const float weight = number.empty() ? NAN : std::strtof(number.c_str(), &end);
            if (!std::isfinite(weight) || end != number.c_str() + number.size())
                throw Error(ErrorKind::Usage, {}, "the style layer \"" + item + "\" needs a number after the colon",
                            kExample);
            if (weight < 0)
                throw Error(ErrorKind::Usage, {}, "the weight in \"" + item + "\" cannot be negative", kExample);
            layer.weight = weight;
        }
        layers.push_back(layer);
    }
    return layers;
}

std::string styleLayersText(const std::vector<LayerWeight>& layers)
{
    std::ostringstream text;
    for (std::size_t i = 0; i < layers.size(); ++i)
        text << (i ? "," : "") << layers[i].layer << ':' << layers[i].weight;
    return text.str();
}

} // namespace brushwork
