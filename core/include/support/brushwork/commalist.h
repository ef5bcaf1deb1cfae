// SPDX-License-Identifier: GPL-3.0-or-later
// "a,b,,c" -> {"a", "b", "c"}: the list syntax of options and plan settings.
#pragma once

#include <sstream>
#include <string>
#include <vector>

namespace brushwork {

/// The non-empty items of a comma-separated list, in order.
inline std::vector<std::string> splitCommaList(const std::string& text)
{
    std::vector<std::string> items;
    std::stringstream stream(text);
    std::string item;
    while (std::getline(stream, item, ','))
        if (!item.empty())
            items.push_back(item);
    return items;
}

} // namespace brushwork
