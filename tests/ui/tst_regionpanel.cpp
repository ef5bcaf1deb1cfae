// SPDX-License-Identifier: GPL-3.0-or-later
// The Regions panel on a session of its own: strokes on the preview paint
// the session's region masks, the eraser and the fill edit them, "select
// similar" grows a stroke to an object's edge, and the tiled view shows the
// picture 3×3.
#include "regionfixture.h"
#include "testsupport.h"
#include "widgets/logslider.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QListWidget>
#include <QSlider>
#include <QSignalSpy>
#include <QtTest>

#include <opencv2/imgproc.hpp>

using namespace brushwork::studio;
using Tool = RegionPanel::Tool;

class TestRegionPanel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void aStrokePaintsARegionOfTheSession();
    void theEraserAndTheFillEditTheMask();
    void selectSimilarGrowsAStrokeToTheObjectsEdge();
    void theTiledViewShowsThePictureThreeByThree();
    void tileableIsTheSessionsSeamlessSetting();
    void regionsFollowTheirPaintingsAndThePhoto();
};

namespace {

float at(const cv::Mat& mask, double x, double y)
{
    return mask.at<float>(int(y * (mask.rows - 1) + 0.5), int(x * (mask.cols - 1) + 0.5));
}

} // namespace

void TestRegionPanel::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestRegionPanel::aStrokePaintsARegionOfTheSession()
{
    RegionFixture fixture;
    fixture.showPhoto(testsupport::makeContentImage(64, 48));
    fixture.session.addPainting("painting.png", testsupport::makeStyleImage(32, 32));
    QSignalSpy weights(&fixture.session, &StudioSession::weightsChanged);
    fixture.regions.panel()->brushSize()->setValue(50); // a radius of 5 % of the long side
    fixture.stroke(Tool::Brush, {{0.2, 0.5}, {0.5, 0.5}});

    // No region was chosen: the stroke made one, for the painting.
    QCOMPARE(fixture.session.regions().size(), std::size_t(1));
    const brushwork::Region& region = fixture.session.regions().front();
    QCOMPARE(region.painting, 0);
    QCOMPARE(region.mask.size(), cv::Size(64, 48));
    QCOMPARE(at(region.mask, 0.3, 0.5), 1.0f);
    QCOMPARE(at(region.mask, 0.8, 0.5), 0.0f);
    QCOMPARE(at(region.mask, 0.3, 0.1), 0.0f);
    // And it is what a run follows.
    QVERIFY(!weights.isEmpty());
    QCOMPARE(fixture.session.weights().regions.size(), std::size_t(1));
    QCOMPARE(fixture.session.weights().regions.front().mask.data, region.mask.data);

    // The panel's choices are the region's.
    fixture.regions.panel()->painting()->setCurrentIndex(0); // Keep the photo
    Q_EMIT fixture.regions.panel()->painting()->activated(0);
    fixture.regions.panel()->strength()->setValue(2.5);
    QCOMPARE(fixture.session.regions().front().painting, brushwork::Region::kKeepPhoto);
    QCOMPARE(fixture.session.regions().front().strength, 2.5f);
}

void TestRegionPanel::theEraserAndTheFillEditTheMask()
{
    RegionFixture fixture;
    fixture.showPhoto(testsupport::makeContentImage(64, 48));
    fixture.regions.panel()->brushSize()->setValue(10);
    // An outline round the middle, then a fill inside it.
    fixture.stroke(Tool::Brush, {{0.3, 0.3}, {0.7, 0.3}, {0.7, 0.7}, {0.3, 0.7}, {0.3, 0.3}});
    const cv::Mat outline = fixture.session.regions().front().mask;
    QCOMPARE(at(outline, 0.5, 0.5), 0.0f);
    fixture.stroke(Tool::Fill, {{0.5, 0.5}});
    const cv::Mat filled = fixture.session.regions().front().mask;
    QVERIFY(filled.data != outline.data); // a new mask: a run may hold the old
    QCOMPARE(at(filled, 0.5, 0.5), 1.0f);
    QCOMPARE(at(filled, 0.1, 0.1), 0.0f);
    QCOMPARE(at(outline, 0.5, 0.5), 0.0f);

    fixture.stroke(Tool::Eraser, {{0.5, 0.5}, {0.55, 0.5}});
    QCOMPARE(at(fixture.session.regions().front().mask, 0.5, 0.5), 0.0f);
    QCOMPARE(at(fixture.session.regions().front().mask, 0.35, 0.35), 1.0f);
    // Nothing painted: the region is no region to a run.
    fixture.regions.panel()->brushSize()->setValue(200);
    fixture.stroke(Tool::Eraser, {{0, 0}, {1, 0}, {1, 0.25}, {0, 0.25}, {0, 0.5}, {1, 0.5}, {1, 0.75}, {0, 0.75},
                                  {0, 1}, {1, 1}});
    QCOMPARE(fixture.session.regions().size(), std::size_t(1));
    QVERIFY(fixture.session.weights().regions.empty());
}

void TestRegionPanel::selectSimilarGrowsAStrokeToTheObjectsEdge()
{
    // A red disc on blue: the stroke, a short line in the disc's middle,
    // grows to the disc's edge and no further.
    cv::Mat photo(64, 64, CV_32FC3, cv::Scalar(0.1, 0.2, 0.8));
    cv::circle(photo, {32, 32}, 20, cv::Scalar(0.9, 0.15, 0.1), cv::FILLED);
    RegionFixture fixture;
    fixture.showPhoto(photo);
    fixture.regions.panel()->brushSize()->setValue(30);
    QSignalSpy selected(&fixture.regions, &RegionController::selected);
    fixture.stroke(Tool::SelectSimilar, {{0.45, 0.5}, {0.55, 0.5}});
    QVERIFY(selected.wait(20000));
    const cv::Mat mask = fixture.session.regions().front().mask;
    for (double angle = 0; angle < 6.28; angle += 0.5) {
        const double inside = 17.0 / 63, outside = 24.0 / 63;
        QVERIFY2(at(mask, 0.5 + inside * std::cos(angle), 0.5 + inside * std::sin(angle)) > 0.5,
                 qPrintable(QString("inside the disc at %1 rad").arg(angle)));
        QVERIFY2(at(mask, 0.5 + outside * std::cos(angle), 0.5 + outside * std::sin(angle)) < 0.5,
                 qPrintable(QString("outside the disc at %1 rad").arg(angle)));
    }
}

void TestRegionPanel::theTiledViewShowsThePictureThreeByThree()
{
    // One white square on black: tiled, the preview shows nine.
    cv::Mat picture(32, 32, CV_32FC3, cv::Scalar::all(0));
    cv::rectangle(picture, cv::Rect(8, 8, 12, 12), cv::Scalar::all(1), cv::FILLED);
    RegionFixture fixture;
    fixture.showPhoto(picture);
    fixture.preview->resize(300, 300);
    auto squares = [&] {
        const QImage shot = fixture.preview->grab().toImage().convertToFormat(QImage::Format_Grayscale8);
        const cv::Mat grey(shot.height(), shot.width(), CV_8UC1, const_cast<uchar*>(shot.constBits()),
                           shot.bytesPerLine());
        cv::Mat labels;
        return cv::connectedComponents(grey > 200, labels) - 1; // less the background
    };
    QCOMPARE(squares(), 1);
    fixture.regions.tiledView()->setChecked(true);
    QVERIFY(fixture.preview->isTiled());
    QCOMPARE(squares(), 9);
}

void TestRegionPanel::tileableIsTheSessionsSeamlessSetting()
{
    RegionFixture fixture;
    fixture.regions.panel()->tileable()->setChecked(true);
    QVERIFY(fixture.session.settings().seamless);
    // Another setting moved in the settings panel keeps it.
    fixture.parameters->styleWeight()->setValue(33);
    QVERIFY(fixture.session.settings().seamless);
    brushwork::StyleParams settings = fixture.session.settings();
    settings.seamless = false;
    fixture.session.setSettings(settings);
    QVERIFY(!fixture.regions.panel()->tileable()->isChecked());
}

void TestRegionPanel::regionsFollowTheirPaintingsAndThePhoto()
{
    RegionFixture fixture;
    fixture.showPhoto(testsupport::makeContentImage(64, 48));
    fixture.session.addPainting("a.png", testsupport::makeStyleImage(32, 32));
    fixture.session.addPainting("b.png", testsupport::makeContentImage(32, 32));
    fixture.session.addRegion(1);
    fixture.session.addRegion(brushwork::Region::kKeepPhoto);
    fixture.session.movePainting(1, 0);
    QCOMPARE(fixture.session.regions()[0].painting, 0);
    QCOMPARE(fixture.session.regions()[1].painting, brushwork::Region::kKeepPhoto);
    fixture.session.removePainting(0); // its region goes with it
    QCOMPARE(fixture.session.regions().size(), std::size_t(1));
    QCOMPARE(fixture.session.regions()[0].painting, brushwork::Region::kKeepPhoto);
    QCOMPARE(fixture.regions.panel()->findChild<QListWidget*>()->count(), 1);
    // Masks of another photo mean nothing.
    fixture.showPhoto(testsupport::makeContentImage(48, 48));
    QVERIFY(fixture.session.regions().empty());
}

QTEST_MAIN(TestRegionPanel)
#include "tst_regionpanel.moc"
