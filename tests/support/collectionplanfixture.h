// SPDX-License-Identifier: GPL-3.0-or-later
// What the collection tests of the core share: a scratch folder holding four
// small pictures and a file named as a style network, and plans written as
// text.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

class CollectionPlanFixture {
protected:
    /// Writes cat.png, dog.png, starry.png, waves.png and style.safetensors into mDir.
    void writeInputs();
    /// A collection plan: the format and version, then `body`.
    std::string planText(const nlohmann::json& body) const;
    static std::string readText(const std::string& path);
    static void writeText(const std::string& path, const std::string& text);

    std::string mDir;
};
