// SPDX-License-Identifier: GPL-3.0-or-later
#include "collectionplanfixture.h"

#include "brushwork/image.h"
#include "testsupport.h"

#include <fstream>

using namespace brushwork;
using nlohmann::json;

std::string CollectionPlanFixture::readText(const std::string& path)
{
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

void CollectionPlanFixture::writeText(const std::string& path, const std::string& text)
{
    std::ofstream(path) << text;
}

void CollectionPlanFixture::writeInputs()
{
    mDir = testsupport::scratchDir().toStdString();
    for (const char* name : {"cat.png", "dog.png", "starry.png", "waves.png"})
        saveImage(mDir + "/" + name, testsupport::makeContentImage(32, 24));
    writeText(mDir + "/style.safetensors", "not really a network");
}

std::string CollectionPlanFixture::planText(const json& body) const
{
    json plan = {{"format", "brushwork-collection-plan"}, {"version", 1}};
    plan.update(body);
    return plan.dump();
}
