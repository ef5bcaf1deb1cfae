// SPDX-License-Identifier: GPL-3.0-or-later
// The run settings' table: every row reaches plans and projects and back,
// its help and man entries name it, and the plateau window (added as one
// row) is read where plans and projects hold it.
#include "brushwork/collection.h"
#include "brushwork/error.h"
#include "brushwork/project.h"
#include "brushwork/runsettings.h"
#include "brushwork/settingdocs.h"

#include <QtTest>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <set>

using namespace brushwork;
using nlohmann::json;

namespace {

/// A value of `setting` other than its default, for round trips.
std::string sampleText(const RunSetting& setting)
{
    switch (setting.kind) {
    case SettingKind::Integer:
        return std::to_string(int(setting.max) - 3);
    case SettingKind::Number:
        // A whole number where the range has one: it survives a float and back.
        return numberText(std::max(setting.min, std::floor(setting.min + (setting.max - setting.min) / 3)));
    case SettingKind::Seed:
        return "123456789012";
    case SettingKind::Choice:
        return setting.choices.back();
    case SettingKind::Numbers:
        return "0.25,0.75";
    case SettingKind::Names:
        return "relu4_2,relu5_1";
    case SettingKind::StyleLayers:
        return "relu1_1,relu3_1:0.5";
    case SettingKind::Bytes:
        return "6G";
    case SettingKind::Flag:
        return std::string(setting.defaultText) == "true" ? "false" : "true";
    case SettingKind::Text:
        break;
    }
    // The one Text with a check is the print size; the others are paths.
    return setting.check ? "A4@300" : "/weights/vgg19.safetensors";
}

/// The setting's text in `values`, as the table reads it back.
std::string textIn(const RunSetting& setting, const RunValues& values)
{
    return setting.get(values).value_or("<unset>");
}

RunValues withSample(const RunSetting& setting)
{
    RunValues values = defaultRunValues();
    setting.set(values, sampleText(setting));
    return values;
}

} // namespace

class TestRunSettings : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void everyRowIsWhole();
    void helpAndManNameEveryFlag();
    void everyPlanSettingRoundTrips();
    void everyProjectSettingRoundTrips();
    void planReadsThePlateauWindow();
    void projectsKeepTheirLayout();
};

void TestRunSettings::everyRowIsWhole()
{
    std::set<std::string> names;
    std::set<std::string> flags;
    for (const RunSetting& setting : runSettings()) {
        QVERIFY2(names.insert(setting.name).second, setting.name);
        if (setting.flag)
            QVERIFY2(flags.insert(setting.flag).second, setting.flag);
        QVERIFY2(*setting.help, setting.name);
        QVERIFY2(setting.get && setting.set, setting.name);
        if (*setting.defaultText)
            QVERIFY2(settingProblem(setting, setting.defaultText).empty(), setting.name);
        QVERIFY2(settingProblem(setting, sampleText(setting)).empty(), setting.name);
        QVERIFY2(!setting.studioLabel || setting.studioTip, setting.name);
        if (setting.kind == SettingKind::Choice)
            QCOMPARE(std::string(setting.defaultText), setting.choices.front());
    }
    // The table's defaults are the engine's, but for the start (see defaultRunValues).
    StyleParams engine;
    engine.init = InitKind::Instant;
    RunValues values;
    values.params = engine;
    for (const RunSetting& setting : runSettings())
        QCOMPARE(textIn(setting, defaultRunValues()), textIn(setting, values));
}

void TestRunSettings::helpAndManNameEveryFlag()
{
    for (const RunSetting& setting : runSettings()) {
        if (!setting.flag)
            continue;
        const std::string help = settingHelpLines(setting.group);
        QVERIFY2(help.find(std::string("  --") + setting.flag + " ") != std::string::npos, setting.flag);
        std::string manFlag = "\\-\\-";
        for (const char* c = setting.flag; *c; ++c)
            manFlag += *c == '-' ? std::string("\\-") : std::string(1, *c);
        QVERIFY2(settingManEntries(setting.group).find(manFlag) != std::string::npos, setting.flag);
    }
    QVERIFY(settingHelpLines(SettingGroup::Picture).find("--plateau-window N") != std::string::npos);
    QVERIFY(settingHelpLines(SettingGroup::Picture).find("(default 10 evaluations)") != std::string::npos);
}

void TestRunSettings::everyPlanSettingRoundTrips()
{
    for (const RunSetting& setting : runSettings()) {
        if (!setting.inPlans)
            continue;
        const RunValues values = withSample(setting);
        CollectionPlan plan;
        plan.pieces.push_back({});
        plan.pieces[0].photo = "/photos/cat.png";
        plan.settings[setting.name] = textIn(setting, values);
        const CollectionPlan back = planFromJson(planToJson(plan), "plan.json", "/plans");
        CollectionPiece piece;
        piece.paintings = {"a.png", "b.png"};
        piece.settings = back.settings;
        QCOMPARE(textIn(setting, runValuesOf(piece)), textIn(setting, values));
        // A studio picture's recipe keeps every setting of its parameters.
        if (setting.ofParams) {
            piece.settings = planSettingsOf(values.params);
            QCOMPARE(textIn(setting, runValuesOf(piece)), textIn(setting, values));
        }
    }
}

void TestRunSettings::everyProjectSettingRoundTrips()
{
    for (const RunSetting& setting : runSettings()) {
        if (!setting.projectKey)
            continue;
        const RunValues values = withSample(setting);
        Project project;
        project.content = {"/photos/cat.png", "cat", {}};
        project.styles = {{"/a.png", "a", {}}, {"/b.png", "b", {}}};
        project.params = values.params;
        project.printSize = values.print;
        project.dpi = values.dpi;
        const std::string text = projectToJson(project);
        const Project back = projectFromJson(text, "p.brushwork");
        RunValues read;
        read.params = back.params;
        read.print = back.printSize;
        read.dpi = back.dpi;
        QCOMPARE(textIn(setting, read), textIn(setting, values));
        // At its place in the file, as older projects keep it.
        json where = json::parse(text);
        const std::string key = setting.projectKey;
        for (std::size_t start = 0, dot = key.find('.');; start = dot + 1, dot = key.find('.', start)) {
            const std::string part = key.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
            QVERIFY2(where.contains(part), setting.projectKey);
            where = where[part];
            if (dot == std::string::npos)
                break;
        }
    }
}

void TestRunSettings::planReadsThePlateauWindow()
{
    CollectionPiece piece;
    piece.settings = {{"plateau_window", "37"}, {"plateau", "0.5"}};
    const StyleParams params = styleParamsOf(piece);
    QCOMPARE(params.plateau.window, 37);
    QCOMPARE(params.plateau.tolerance, 0.005f);
    QCOMPARE(planSettingsOf(params).at("plateau_window"), std::string("37"));

    const json plan = {{"format", "brushwork-collection-plan"},
                       {"version", 1},
                       {"settings", {{"plateau_window", 0}}}};
    try {
        planFromJson(plan.dump(), "window.json", "/plans");
        QFAIL("a window of 0 was taken");
    } catch (const Error& error) {
        QVERIFY2(QString(error.what()).contains("\"settings.plateau_window\" is out of range"), error.what());
        QVERIFY2(QString(error.what()).contains("window.json"), error.what());
    }
}

void TestRunSettings::projectsKeepTheirLayout()
{
    Project project;
    project.content = {"/photos/cat.png", "cat", {}};
    project.styles = {{"/a.png", "a", {}}};
    project.params.plateau = {37, 0.005f};
    json saved = json::parse(projectToJson(project));
    QCOMPARE(saved["params"]["plateau"]["window"].get<int>(), 37);
    QVERIFY(std::abs(saved["params"]["plateau"]["tolerance"].get<double>() - 0.005) < 1e-9);
    QCOMPARE(saved["params"]["weights"]["style"].get<double>(), 10.0);

    // A project from before the plateau rule ran every iteration, and from
    // before the rule was kept, stopped at 1% over 20 evaluations.
    saved["params"].erase("plateau");
    saved["params"].erase("stop_at_plateau");
    const Project older = projectFromJson(saved.dump(), "older.brushwork");
    QCOMPARE(older.params.plateau.window, 20);
    QCOMPARE(older.params.plateau.tolerance, 0.01f);
    QVERIFY(!older.params.stopAtPlateau);

    saved["params"]["plateau"] = {{"window", 5000}, {"tolerance", 0.02}};
    try {
        projectFromJson(saved.dump(), "wide.brushwork");
        QFAIL("a window of 5000 was taken");
    } catch (const Error& error) {
        QVERIFY2(QString(error.what()).contains("\"params.plateau.window\" is out of range"), error.what());
    }
}

QTEST_GUILESS_MAIN(TestRunSettings)
#include "tst_runsettings.moc"
