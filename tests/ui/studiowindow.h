// SPDX-License-Identifier: GPL-3.0-or-later
// The studio window as the window tests drive it, offscreen, with tiny
// pictures and seeded random weights installed in a temporary model folder.
#pragma once

#include "background/stylerunner.h"
#include "session/studiosession.h"
#include "studioparts.h"
#include "testsupport.h"
#include "widgets/parameterpanel.h"
#include "widgets/previewview.h"
#include "window/exportcontroller.h"
#include "window/mainwindow.h"
#include "window/picturecontroller.h"
#include "window/runcontroller.h"

#include "brushwork/image.h"

#include <QCheckBox>
#include <QComboBox>
#include <QMimeData>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QtTest>

#include <memory>

/// What a window test class has besides QObject: the scratch pictures, the
/// window of the test under way and the parts of it the tests reach.
class StudioWindow {
protected:
    /// Once per test program: the pictures and the weights.
    void prepareFiles()
    {
        QStandardPaths::setTestModeEnabled(true);
        const QString dir = testsupport::scratchDir();
        mModelDir = (dir + "/models").toUtf8();
        qputenv("BRUSHWORK_MODEL_DIR", mModelDir);
        QDir().mkpath(dir + "/models");
        QFile::copy(testsupport::randomWeightsPath(), dir + "/models/vgg19.safetensors");
        mContent = dir + "/photo.png";
        mStyle = dir + "/painting.png";
        mBroken = dir + "/broken.jpg";
        brushwork::saveImage(mContent.toStdString(), testsupport::makeContentImage(64, 48));
        brushwork::saveImage(mStyle.toStdString(), testsupport::makeStyleImage(64, 64));
        QFile broken(mBroken);
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write("\xff\xd8\xff this is not really a JPEG");
    }

    /// Before each test: a window with small, long runs.
    void openWindow()
    {
        // Each test starts from the default settings, not from those an earlier
        // window (of this run or the last) saved when it closed.
        QSettings().remove("parameters");
        mWindow = std::make_unique<brushwork::studio::MainWindow>();
        parameters()->outputSize()->setValue(64);
        parameters()->quality()->setCurrentIndex(2); // many iterations: the run outlasts the test
        parameters()->stopAtPlateau()->setChecked(false);
        mWindow->show();
        QVERIFY(QTest::qWaitForWindowExposed(mWindow.get()));
    }

    void drop(QWidget* target, const QStringList& paths)
    {
        QMimeData mime;
        QList<QUrl> urls;
        for (const QString& path : paths)
            urls << QUrl::fromLocalFile(path);
        mime.setUrls(urls);
        const QPoint at = target->rect().center();
        QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(target, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent dropEvent(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(target, &dropEvent);
        QVERIFY(dropEvent.isAccepted());
    }

    void loadPair()
    {
        drop(mWindow.get(), {mContent, mStyle});
        QTRY_COMPARE(part<brushwork::studio::PictureController>(*mWindow)->pending(), 0);
    }

    template <typename T>
    static T* part(QObject& window) { return studioparts::part<T>(window); }
    brushwork::studio::RunController* run() { return part<brushwork::studio::RunController>(*mWindow); }
    brushwork::studio::StyleRunner* runner() { return part<brushwork::studio::StyleRunner>(*mWindow); }
    brushwork::studio::PreviewView* preview() { return part<brushwork::studio::PreviewView>(*mWindow); }
    brushwork::studio::StudioSession* session() { return part<brushwork::studio::StudioSession>(*mWindow); }
    brushwork::studio::ParameterPanel* parameters() { return part<brushwork::studio::ParameterPanel>(*mWindow); }
    bool exportTo(const QString& path, bool sixteenBit = false)
    {
        auto* exports = part<brushwork::studio::ExportController>(*mWindow);
        return studioparts::succeeds(exports, &brushwork::studio::ExportController::exported,
                                     [&] { exports->exportTo(path, sixteenBit); });
    }

    std::unique_ptr<brushwork::studio::MainWindow> mWindow;
    QString mContent;
    QString mStyle;
    QString mBroken;
    QByteArray mModelDir;
};
