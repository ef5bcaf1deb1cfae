// SPDX-License-Identifier: GPL-3.0-or-later
#include "brushwork/project.h"

#include "brushwork/atomicfile.h"
#include "support/inputfile.h"
#include "brushwork/error.h"
#include "brushwork/runsettings.h"
#include "brushwork/settingjson.h"
#include "brushwork/stylevector.h"
#include "brushwork/version.h"
#include "project/projectregions.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

namespace brushwork {
namespace {

using nlohmann::json;

constexpr const char* kFormat = "brushwork-project";
/// What a project without a clip is written as: older Brushworks read it.
constexpr int kStillProjectVersion = 1;
const char* const kDamagedHint = "The file is damaged or was not written by Brushwork; open the pictures again instead";

json pictureJson(const ProjectPicture& picture)
{
    json object = {{"path", picture.path}, {"name", picture.name}};
    if (!picture.embedded.empty())
        object["embedded"] = picture.embedded;
    return object;
}

/// Reads typed values out of a JSON object, naming the key (as a dotted
/// path) in every error.
class Reader {
public:
    Reader(const json& object, std::string path, const std::string& fileName)
        : mObject(object)
        , mPath(std::move(path))
        , mFile(fileName)
    {
        if (!mObject.is_object())
            fail(mPath.empty() ? "the file is not a JSON object" : "\"" + mPath + "\" should be an object");
    }

    [[noreturn]] void fail(const std::string& problem) const
    {
        throw Error(ErrorKind::BadInput, mFile, "the project cannot be used: " + problem, kDamagedHint);
    }

    std::string key(const std::string& name) const { return mPath.empty() ? name : mPath + "." + name; }

    bool has(const std::string& name) const { return mObject.contains(name); }

    const json& required(const std::string& name) const
    {
        if (!mObject.contains(name))
            fail("\"" + key(name) + "\" is missing");
        return mObject.at(name);
    }

    Reader object(const std::string& name) const { return Reader(required(name), key(name), mFile); }

    std::string text(const std::string& name, const std::string& fallback, bool needed = false) const
    {
        if (!needed && !has(name))
            return fallback;
        const json& value = required(name);
        if (!value.is_string())
            fail("\"" + key(name) + "\" should be text");
        return value.get<std::string>();
    }

    double number(const std::string& name, double fallback, double min, double max, bool needed = false) const
    {
        if (!needed && !has(name))
            return fallback;
        const json& value = required(name);
        if (!value.is_number())
            fail("\"" + key(name) + "\" should be a number");
        const double number = value.get<double>();
        if (!std::isfinite(number) || number < min || number > max)
            fail("\"" + key(name) + "\" is out of range (" + value.dump() + ")");
        return number;
    }

    int integer(const std::string& name, int fallback, int min, int max, bool needed = false) const
    {
        const double value = number(name, fallback, min, max, needed);
        if (value != std::floor(value))
            fail("\"" + key(name) + "\" should be a whole number");
        return int(value);
    }

    const json& array(const std::string& name, bool needed) const
    {
        static const json empty = json::array();
        if (!needed && !has(name))
            return empty;
        const json& value = required(name);
        if (!value.is_array())
            fail("\"" + key(name) + "\" should be a list");
        return value;
    }

    const std::string& file() const { return mFile; }

private:
    const json& mObject;
    std::string mPath;
    std::string mFile;
};

ProjectPicture readPicture(const Reader& reader)
{
    ProjectPicture picture;
    picture.path = reader.text("path", {}, true);
    picture.name = reader.text("name", {});
    picture.embedded = reader.text("embedded", {});
    if (picture.path.empty() && picture.embedded.empty())
        reader.fail("\"" + reader.key("path") + "\" is empty");
    return picture;
}

/// The run's settings a project keeps, at the table's project keys, over
/// what older projects meant when a key is missing.
RunValues readSettings(const json& root, const Reader& reader, std::size_t styleCount)
{
    (void)reader.object("params");
    RunValues values;
    // Projects from before the plateau stop ran every iteration, and before
    // the rule was kept, runs stopped at 1% over 20 evaluations: their
    // recipes must paint the same picture again.
    values.params.stopAtPlateau = false;
    values.params.plateau = {20, 0.01f};
    // Projects from before prints grew from their preview (issue 27) painted
    // every size from scratch: a preview of their own size keeps that (0 marks it missing).
    values.params.previewSize = 0;
    for (const RunSetting& setting : runSettings()) {
        if (!setting.projectKey)
            continue;
        const std::string key = setting.projectKey;
        const json* object = &root;
        std::size_t start = 0;
        for (std::size_t dot = key.find('.'); object && dot != std::string::npos; dot = key.find('.', start)) {
            const auto inner = object->find(key.substr(start, dot - start));
            object = inner == object->end() ? nullptr : &*inner;
            if (object && !object->is_object())
                reader.fail("\"" + key.substr(0, dot) + "\" should be an object");
            start = dot + 1;
        }
        const auto found = object ? object->find(key.substr(start)) : root.end();
        if (!object || found == object->end()) {
            if (object && setting.projectRequired)
                reader.fail("\"" + key + "\" is missing");
            continue;
        }
        // A start from the project's own picture is no setting (see the table's "init").
        if (key == "params.init" && *found == "image") {
            values.params.init = InitKind::Image;
            continue;
        }
        // Projects wrote "" for no print size.
        if (found->is_string() && found->get<std::string>().empty())
            continue;
        std::string problem;
        if (const auto text = settingTextOfJson(setting, *found, SettingFile::Project, problem))
            setting.set(values, *text);
        if (!problem.empty())
            reader.fail("\"" + key + "\" " + problem);
    }
    if (values.params.previewSize == 0)
        values.params.previewSize = values.params.size;
    const std::size_t blend = values.params.weights.styleBlend.size();
    if (blend != 0 && blend != styleCount)
        reader.fail("\"params.weights.blend\" has " + std::to_string(blend) + " numbers for " +
                    std::to_string(styleCount) + " styles");
    const Reader params = reader.object("params");
    values.params.weights.regions = regionsFromJson(params.array("regions", false), styleCount, params.key("regions"),
                                                    [&](const std::string& problem) { params.fail(problem); });
    return values;
}

/// `values` at the table's project keys.
json settingsJson(const RunValues& values)
{
    json root = json::object();
    for (const RunSetting& setting : runSettings()) {
        const auto text = setting.projectKey ? setting.get(values) : std::nullopt;
        if (!text)
            continue;
        const std::string key = setting.projectKey;
        json* object = &root;
        std::size_t start = 0;
        for (std::size_t dot = key.find('.'); dot != std::string::npos; dot = key.find('.', start)) {
            object = &(*object)[key.substr(start, dot - start)];
            start = dot + 1;
        }
        const bool ownPicture = key == "params.init" && values.params.init == InitKind::Image;
        (*object)[key.substr(start)] = ownPicture ? json("image") : settingJsonOfText(setting, *text, SettingFile::Project);
    }
    return root;
}

InstantRecipe readInstant(const Reader& r)
{
    InstantRecipe instant;
    instant.network = r.text("network", {}, true);
    if (instant.network.empty() || instant.network.size() > 200)
        r.fail("\"" + r.key("network") + "\" should name the network, in at most 200 characters");
    instant.networkSha256 = r.text("sha256", {});
    instant.strength = float(r.number("strength", 1.0, 0, 1));
    const json& vector = r.array("style_vector", false);
    if (!vector.empty() && vector.size() != StyleVector::kSize)
        r.fail("\"" + r.key("style_vector") + "\" should hold " + std::to_string(StyleVector::kSize) +
               " numbers, not " + std::to_string(vector.size()));
    for (const json& value : vector) {
        // A style vector's numbers are small; anything huge is damage, and 1e39 is infinite as a float.
        if (!value.is_number() || !(std::fabs(value.get<double>()) <= 1e6))
            r.fail("\"" + r.key("style_vector") + "\" should hold numbers between -1e6 and 1e6");
        instant.styleVector.push_back(value.get<float>());
    }
    return instant;
}

} // namespace

std::string projectToJson(const Project& project)
{
    json styles = json::array();
    for (const ProjectPicture& style : project.styles)
        styles.push_back(pictureJson(style));
    RunValues values;
    values.params = project.params;
    values.print = project.printSize;
    values.dpi = project.dpi;
    json root = {
        {"format", kFormat},
        // A clip's frame as the photo: older Brushworks refuse it as newer
        // rather than fail to read the clip as a picture.
        {"version", project.contentFrame > 0 ? kProjectVersion : kStillProjectVersion},
        {"engine", project.engineVersion.empty() ? BRUSHWORK_VERSION : project.engineVersion},
        {"content", pictureJson(project.content)},
        {"styles", styles},
        {"network", project.network},
        {"weights_sha256", project.weightsSha256},
        {"result", project.result},
        {"progress", {{"iteration", project.doneIterations}, {"total", project.totalIterations}}},
    };
    root.update(settingsJson(values));
    if (project.contentFrame > 0)
        root["content"]["frame"] = project.contentFrame;
    if (!project.params.weights.regions.empty())
        root["params"]["regions"] = regionsToJson(project.params.weights.regions);
    if (project.instant)
        root["instant"] = {{"network", project.instant->network},
                           {"sha256", project.instant->networkSha256},
                           {"strength", project.instant->strength},
                           {"style_vector", project.instant->styleVector}};
    return root.dump(2) + "\n";
}

Project projectFromJson(const std::string& text, const std::string& fileName)
{
    const json root = json::parse(text, nullptr, false);
    if (root.is_discarded())
        throw Error(ErrorKind::BadInput, fileName, "the project file is not valid JSON", kDamagedHint);
    const Reader reader(root, {}, fileName);
    if (reader.text("format", {}, true) != kFormat)
        reader.fail("it is not a Brushwork project");
    const int version = reader.integer("version", 0, 1, std::numeric_limits<int>::max(), true);
    if (version > kProjectVersion)
        throw Error(ErrorKind::BadInput, fileName,
                    "the project was saved by a newer Brushwork (format " + std::to_string(version) +
                        "; this one reads up to " + std::to_string(kProjectVersion) + ")",
                    "Open it with a newer version of Brushwork");

    Project project;
    project.engineVersion = reader.text("engine", {});
    project.content = readPicture(reader.object("content"));
    project.contentFrame = reader.object("content").integer("frame", 0, 1, std::numeric_limits<int>::max());
    const json& styles = reader.array("styles", true);
    if (styles.size() > std::size_t(kMaxStyles))
        reader.fail("\"styles\" names " + std::to_string(styles.size()) + " paintings; at most " +
                    std::to_string(kMaxStyles) + " can be blended");
    if (styles.empty())
        reader.fail("\"styles\" is empty");
    for (std::size_t i = 0; i < styles.size(); ++i)
        project.styles.push_back(readPicture(Reader(styles[i], "styles[" + std::to_string(i) + "]", fileName)));
    const RunValues values = readSettings(root, reader, project.styles.size());
    project.params = values.params;
    project.printSize = values.print;
    project.dpi = values.dpi;
    project.network = reader.text("network", project.network);
    if (project.network != "vgg19" && project.network != "squeezenet")
        reader.fail("\"network\" has an unknown value \"" + project.network + "\"");
    project.weightsSha256 = reader.text("weights_sha256", {});
    project.result = reader.text("result", {});
    if (reader.has("progress")) {
        const Reader progress = reader.object("progress");
        project.totalIterations = progress.integer("total", 0, 0, kMaxIterations);
        project.doneIterations = progress.integer("iteration", 0, 0, project.totalIterations);
    }
    if (reader.has("instant"))
        project.instant = readInstant(reader.object("instant"));
    return project;
}

Project loadProject(const std::string& path)
{
    const std::vector<unsigned char> bytes = readInputFile(path, kProjectInput);
    return projectFromJson(std::string(bytes.begin(), bytes.end()), path);
}

void saveProject(const std::string& path, const Project& project)
{
    const std::string text = projectToJson(project);
    writeFileAtomically(path, "the project", text.data(), text.size());
}

} // namespace brushwork
