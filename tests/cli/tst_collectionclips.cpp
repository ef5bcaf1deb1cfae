// SPDX-License-Identifier: GPL-3.0-or-later
// A collection piece that is a clip (issue 25): `batch run` paints it frame
// by frame into an animation of its kind with its first frame as the poster,
// `batch mint` writes both with ERC-721's animation_url and their hashes.
#include "brushwork/framesource.h"
#include "brushwork/image.h"
#include "brushwork/sha256.h"
#include "clirunner.h"
#include "collectionfixture.h"
#include "clipfile.h"
#include "panclip.h"
#include "testsupport.h"

#include <QProcess>
#include <QtTest>

using nlohmann::json;
using namespace collectionfixture;

class TestCollectionClips : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void aClipPieceIsPaintedAndMintedWithItsPoster();
    void aFastClipPieceFailsAlone();
};

namespace {

constexpr int kFrames = 4;

QString panGif(const QString& folder)
{
    const QString path = folder + "/pan.gif";
    const std::vector<cv::Mat> frames = testsupport::panFrames(kFrames, cv::Size(48, 32), 4);
    testsupport::writeClip(path.toStdString(), frames, 10);
    return path;
}

} // namespace

void TestCollectionClips::aClipPieceIsPaintedAndMintedWithItsPoster()
{
    const QString d = freshFolder("clips");
    const QString plan = writePlan(d + "/plan.json", json::array({instantPiece("pan", panGif(d), painting()),
                                                                  instantPiece("still", photo(), painting())}));
    const auto run = testsupport::runCli({"batch", "run", plan, "-o", d + "/coll"});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const std::string animation = (d + "/coll/images/pan.gif").toStdString();
    auto painted = brushwork::openFrameSource(animation);
    cv::Mat frame, first;
    int frames = 0;
    while (painted->next(frame))
        if (frames++ == 0)
            first = frame.clone();
    QCOMPARE(frames, kFrames);
    QCOMPARE(painted->info().width, 32); // the plan's size, as the still pieces
    const cv::Mat poster = brushwork::loadImage((d + "/coll/images/pan.png").toStdString());
    QCOMPARE(poster.cols, first.cols);
    QVERIFY(testsupport::meanAbsDifference(poster, first) < 1e-6); // the first frame as it plays

    const auto mint = testsupport::runCli({"batch", "mint", d + "/coll", "--name", "Pans", "--base-uri", "ipfs://CID/",
                                           "-o", d + "/mint"});
    QVERIFY2(mint.exitCode == 0, qPrintable(mint.err));
    QFile file(d + "/mint/metadata/1.json");
    QVERIFY(file.open(QIODevice::ReadOnly));
    const json metadata = json::parse(file.readAll().toStdString());
    QCOMPARE(metadata["image"].get<std::string>(), std::string("ipfs://CID/1.png"));
    QCOMPARE(metadata["animation_url"].get<std::string>(), std::string("ipfs://CID/1.gif"));
    QCOMPARE(metadata["image_sha256"].get<std::string>(), brushwork::sha256File((d + "/mint/images/1.png").toStdString()));
    QCOMPARE(metadata["animation_sha256"].get<std::string>(), brushwork::sha256File(animation));
    QCOMPARE(metadata["animation_sha256"].get<std::string>(),
             brushwork::sha256File((d + "/mint/images/1.gif").toStdString()));
    QProcess check;
    check.setWorkingDirectory(d + "/mint");
    check.start("sha256sum", {"-c", "--strict", "SHA256SUMS"});
    QVERIFY(check.waitForFinished());
    QCOMPARE(check.exitCode(), 0);
    QVERIFY(QString(check.readAllStandardOutput()).contains("images/1.gif: OK"));
}

void TestCollectionClips::aFastClipPieceFailsAlone()
{
    const QString d = freshFolder("fast-clip");
    writeFile(d + "/style.safetensors", "not read: the clip is refused first");
    const json piece = {{"id", "pan"}, {"method", "fast"}, {"photo", panGif(d).toStdString()},
                        {"model", (d + "/style.safetensors").toStdString()}};
    const QString plan = writePlan(d + "/plan.json", json::array({piece, instantPiece("still", photo(), painting())}));
    const auto run = testsupport::runCli({"batch", "run", plan, "-o", d + "/coll"});
    QVERIFY(run.exitCode != 0);
    QVERIFY2(run.err.contains("method \"fast\" does not paint") || run.out.contains("method \"fast\" does not paint"),
             qPrintable(run.out + run.err));
    QVERIFY(QFile::exists(d + "/coll/images/still.png")); // the other piece is painted
}

QTEST_GUILESS_MAIN(TestCollectionClips)
#include "tst_collectionclips.moc"
