// SPDX-License-Identifier: GPL-3.0-or-later
// The style networks' controller on a session of its own: the photo in any
// painting's style (with the built-in networks), what it says when it cannot
// paint or refine, and a refused network that changes nothing.
#include "background/stylerunner.h"
#include "sessionfixture.h"
#include "support/matimage.h"
#include "testsupport.h"
#include "widgets/stylenetworkpanel.h"
#include "window/stylenetworkcontroller.h"

#include "brushwork/builtinmodels.h"
#include "brushwork/faststylelibrary.h"
#include "brushwork/image.h"

#include <QAction>
#include <QMessageBox>
#include <QSignalSpy>
#include <QToolButton>
#include <QtTest>

using namespace brushwork::studio;

class TestStyleNetworkController : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void photoAndPaintingShowTheInstantPicture();
    void strengthRepaintsFromTheKeptStyleVectors();
    void previewNeverReplacesAPaintedPicture();
    void theInstantPictureKeepsThePhotoWhereARegionSaysSo();
    void missingNetworksAreSaidOnce();
    void withoutAPhotoItSaysWhatIsMissing();
    void refineSaysWhatIsMissing();
    void aFileThatIsNoNetworkIsRefused();
};

void TestStyleNetworkController::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    testsupport::emptyModelDir();
}

namespace {

/// The cat and Starry Night at test size, or made-up pictures without ../shared.
struct CatAndStarryNight {
    cv::Mat photo;
    cv::Mat painting;

    CatAndStarryNight()
    {
        const QString shared = testsupport::sharedDir();
        photo = shared.isEmpty() ? testsupport::makeContentImage(96, 64)
                                 : brushwork::resizeToLongSide(
                                       brushwork::loadImage((shared + "/samples/chelsea.png").toStdString()), 96);
        painting = shared.isEmpty() ? testsupport::makeStyleImage(64, 64)
                                    : brushwork::resizeToLongSide(
                                          brushwork::loadImage((shared + "/samples/starry_night.jpg").toStdString()), 96);
    }
};

/// The next instant picture the session shows; empty after 30 s.
cv::Mat nextAnyPaintingPicture(brushwork::studio::StudioSession& session)
{
    QSignalSpy changed(&session, &StudioSession::pictureChanged);
    if (!QTest::qWaitFor([&] { return !changed.isEmpty() && session.showsAnyPaintingPicture(); }, 30000))
        return {};
    return matimage::toMat(session.picture());
}

/// The controller on a session of its own, with the window's two actions.
struct ControllerFixture {
    SessionFixture fixture;
    StyleRunner runner;
    QAction add{"Add"};
    QAction refine{"Refine"};
    StyleNetworkController styles{fixture.session, runner, &add, &refine, &fixture.window};
    const CatAndStarryNight pictures;

    void openCatAndStarryNight()
    {
        fixture.session.setPhoto("chelsea.png", pictures.photo);
        fixture.session.addPainting("starry_night.jpg", pictures.painting);
    }
};

} // namespace

void TestStyleNetworkController::photoAndPaintingShowTheInstantPicture()
{
    ControllerFixture c;
    auto [fixture, styles, pictures] = std::tie(c.fixture, c.styles, c.pictures);
    fixture.session.setPhoto("chelsea.png", pictures.photo);
    styles.previewAnyPainting(); // no painting yet: nothing to paint
    QVERIFY(fixture.session.picture().isNull());
    fixture.session.addPainting("starry_night.jpg", pictures.painting);
    QElapsedTimer clock;
    clock.start();
    styles.previewAnyPainting();
    const cv::Mat picture = nextAnyPaintingPicture(fixture.session);
    QVERIFY(!picture.empty());
    qInfo("first instant picture (networks loaded): %lld ms", clock.elapsed());
    QCOMPARE(picture.size(), pictures.photo.size());
    QVERIFY(testsupport::meanAbsDifference(picture, pictures.photo) > 0.05);
    const auto& recipe = fixture.session.instant();
    QVERIFY(recipe);
    QCOMPARE(recipe->network, std::string(brushwork::kAnyPaintingNetwork));
    QCOMPARE(recipe->networkSha256.size(), std::size_t(64));
    QCOMPARE(recipe->styleVector.size(), std::size_t(100));
    QVERIFY(styles.panel()->anyPaintingButton()->isChecked());
    // What Save Project and Export for Minting write down.
    QCOMPARE(fixture.session.recipe().instant->styleVector, recipe->styleVector);
}

void TestStyleNetworkController::strengthRepaintsFromTheKeptStyleVectors()
{
    ControllerFixture c;
    auto [fixture, styles, pictures] = std::tie(c.fixture, c.styles, c.pictures);
    c.openCatAndStarryNight();
    styles.previewAnyPainting();
    const cv::Mat full = nextAnyPaintingPicture(fixture.session);
    QVERIFY(!full.empty());
    const std::vector<float> fullStyle = fixture.session.instant()->styleVector;

    // Moving the slider repaints by itself, from the vectors already known.
    styles.panel()->setStrength(0.0f);
    const cv::Mat none = nextAnyPaintingPicture(fixture.session);
    QVERIFY(!none.empty());
    QCOMPARE(fixture.session.instant()->strength, 0.0f);
    QVERIFY(fixture.session.instant()->styleVector != fullStyle);
    // At no strength the photo keeps its own look: nearer the photo than the painted one.
    QVERIFY(testsupport::meanAbsDifference(none, pictures.photo) < testsupport::meanAbsDifference(full, pictures.photo));
}

void TestStyleNetworkController::theInstantPictureKeepsThePhotoWhereARegionSaysSo()
{
    ControllerFixture c;
    auto [fixture, styles, pictures] = std::tie(c.fixture, c.styles, c.pictures);
    c.openCatAndStarryNight();
    brushwork::Region kept; // the left half keeps the photo
    kept.mask = cv::Mat(fixture.session.maskSize(), CV_32FC1, cv::Scalar(0));
    kept.mask.colRange(0, kept.mask.cols / 2).setTo(1.0);
    fixture.session.setRegions({kept});
    styles.previewAnyPainting();
    const cv::Mat picture = nextAnyPaintingPicture(fixture.session);
    QVERIFY(!picture.empty());
    const cv::Rect left(0, 0, picture.cols * 2 / 5, picture.rows);
    const cv::Rect right(picture.cols * 3 / 5, 0, picture.cols * 2 / 5, picture.rows);
    QVERIFY(testsupport::meanAbsDifference(picture(left), pictures.photo(left)) < 0.01);
    QVERIFY(testsupport::meanAbsDifference(picture(right), pictures.photo(right)) > 0.05);
}

void TestStyleNetworkController::previewNeverReplacesAPaintedPicture()
{
    ControllerFixture c;
    auto [fixture, styles, pictures] = std::tie(c.fixture, c.styles, c.pictures);
    c.openCatAndStarryNight();
    const QImage painted = matimage::toQImage(testsupport::makeStyleImage(96, 64));
    fixture.session.setPicture(painted); // as a run leaves it
    QSignalSpy status(&styles, &StyleNetworkController::status);
    styles.previewAnyPainting();
    QVERIFY(status.isEmpty()); // nothing was asked for
    QCOMPARE(fixture.session.picture(), painted);
    // Asked for, it replaces the picture.
    styles.applyAnyPainting();
    QVERIFY(!nextAnyPaintingPicture(fixture.session).empty());
}

void TestStyleNetworkController::missingNetworksAreSaidOnce()
{
    qputenv("BRUSHWORK_BUILTIN_MODEL_DIR", (testsupport::scratchDir() + "/no-builtin-models").toUtf8());
    ControllerFixture c;
    auto [fixture, styles] = std::tie(c.fixture, c.styles);
    QSignalSpy notices(&styles, &StyleNetworkController::notice);
    c.openCatAndStarryNight();
    styles.previewAnyPainting();
    QVERIFY(QTest::qWaitFor([&] { return !notices.isEmpty(); }, 30000));
    const QString message = notices.last().first().toString();
    QVERIFY2(message.contains(brushwork::kStyleTransformerFile) || message.contains(brushwork::kStylePredictorFile),
             qPrintable(message));
    styles.previewAnyPainting();
    styles.panel()->setStrength(0.5f);
    QCOMPARE(notices.size(), 1); // previews stopped asking
    QVERIFY(fixture.session.picture().isNull());
    qunsetenv("BRUSHWORK_BUILTIN_MODEL_DIR");
}

void TestStyleNetworkController::withoutAPhotoItSaysWhatIsMissing()
{
    SessionFixture fixture;
    StyleRunner runner;
    QAction add("Add", nullptr), refine("Refine", nullptr);
    StyleNetworkController styles(fixture.session, runner, &add, &refine, &fixture.window);
    QSignalSpy notices(&styles, &StyleNetworkController::notice);
    styles.apply("/models/fast-styles/candy.safetensors");
    QVERIFY(notices.last().first().toString().contains("Open a photo first"));
    QVERIFY(fixture.session.picture().isNull());
}

void TestStyleNetworkController::refineSaysWhatIsMissing()
{
    SessionFixture fixture;
    fixture.session.setPhoto("photo.png", testsupport::makeContentImage(32, 32));
    fixture.session.setPicture(matimage::toQImage(testsupport::makeStyleImage(32, 32)),
                               brushwork::InstantRecipe{"candy", {}, 1.0f, {}});
    StyleRunner runner;
    QAction add("Add", nullptr), refine("Refine", nullptr);
    StyleNetworkController styles(fixture.session, runner, &add, &refine, &fixture.window);
    QSignalSpy notices(&styles, &StyleNetworkController::notice);
    QSignalSpy requested(&styles, &StyleNetworkController::refineRequested);
    // Nothing installed and no built-in network: an install without its models folder.
    qputenv("BRUSHWORK_BUILTIN_MODEL_DIR", (testsupport::scratchDir() + "/no-builtin-models").toUtf8());
    styles.refine();
    qunsetenv("BRUSHWORK_BUILTIN_MODEL_DIR");
    QVERIFY(notices.last().first().toString().contains("feature network"));

    const QString models = testsupport::emptyModelDir();
    QVERIFY(QFile::copy(testsupport::randomWeightsPath(), models + "/vgg19.safetensors"));
    styles.refine();
    QVERIFY(notices.last().first().toString().contains("href='add-painting'"));
    QVERIFY(requested.isEmpty());

    fixture.session.addPainting("painting.png", testsupport::makeStyleImage(32, 32));
    styles.refine();
    QCOMPARE(requested.size(), 1);
    testsupport::emptyModelDir();
}

void TestStyleNetworkController::aFileThatIsNoNetworkIsRefused()
{
    SessionFixture fixture;
    StyleRunner runner;
    QAction add("Add", nullptr), refine("Refine", nullptr);
    StyleNetworkController styles(fixture.session, runner, &add, &refine, &fixture.window);
    const QString notes = testsupport::scratchDir() + "/notes.safetensors";
    QFile file(notes);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("shopping list: canvas, linseed oil");
    file.close();
    QString message;
    QTimer answer;
    answer.setInterval(10);
    connect(&answer, &QTimer::timeout, [&] {
        if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
            message = box->text();
            box->accept();
        }
    });
    answer.start();
    QSignalSpy added(&styles, &StyleNetworkController::networkAdded);
    styles.addNetwork(notes);
    QVERIFY(added.isEmpty()); // checked in the background
    QVERIFY(added.wait(20000));
    QCOMPARE(added.first().first().toBool(), false);
    QVERIFY2(message.contains("notes.safetensors"), qPrintable(message));
    QVERIFY(brushwork::installedFastStyles().empty());
}

QTEST_MAIN(TestStyleNetworkController)
#include "tst_stylenetworkcontroller.moc"
