// SPDX-License-Identifier: GPL-3.0-or-later
// Projects in the studio: save, open, and the autosave offered back after a crash.
#include "mainwindow.h"

#include "autosaver.h"
#include "errortext.h"
#include "matimage.h"
#include "parameterpanel.h"
#include "previewview.h"
#include "stylelist.h"
#include "stylerunner.h"

#include "brushwork/error.h"
#include "brushwork/image.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>

namespace {

const char* const kProjectFilter = QT_TRANSLATE_NOOP("MainWindow", "Brushwork projects (*.brushwork)");

/// A project's picture file: its path (relative ones from the project's
/// folder), or the copy kept beside the project when the original is gone.
QString locate(const QString& projectPath, const brushwork::ProjectPicture& picture)
{
    const QDir folder = QFileInfo(projectPath).dir();
    const QString original = folder.filePath(QString::fromStdString(picture.path));
    if (!picture.embedded.empty() && (picture.path.empty() || !QFileInfo::exists(original)))
        return folder.filePath(QString::fromStdString(picture.embedded));
    return original;
}

} // namespace

bool MainWindow::openProject(const QString& path)
{
    // Everything is read and checked before anything in the window changes,
    // so a damaged project leaves the current work as it was.
    brushwork::Project project;
    cv::Mat content;
    std::vector<std::pair<QString, cv::Mat>> styles;
    cv::Mat result;
    try {
        project = brushwork::loadProject(path.toStdString());
        content = brushwork::loadImage(locate(path, project.content).toStdString());
        for (const brushwork::ProjectPicture& style : project.styles) {
            const QString file = locate(path, style);
            styles.emplace_back(file, brushwork::loadImage(file.toStdString()));
        }
        result = brushwork::loadProjectPicture(path.toStdString(), project);
    } catch (const brushwork::Error& error) {
        showNotice(errortext::describe(error));
        return false;
    }
    mRunner->stop();
    forgetFastStyle();
    setContent(locate(path, project.content), content);
    mStyles->clear();
    for (std::size_t i = 0; i < styles.size(); ++i) {
        const auto& blends = project.params.weights.styleBlend;
        mStyles->addStyle(styles[i].first, styles[i].second, i < blends.size() ? blends[i] : 1.0f);
    }
    mParameters->setParams(project.params);
    if (!result.empty()) {
        mResult = matimage::toQImage(result, true);
        mPreview->setPicture(mResult);
    }
    showNotice({});
    mStatus->setText(result.empty() ? tr("Opened %1.").arg(QFileInfo(path).fileName())
                                    : tr("Opened %1 — Continue goes on painting it.").arg(QFileInfo(path).fileName()));
    updateActions();
    return true;
}

bool MainWindow::saveProjectTo(const QString& path, bool embedPictures)
{
    try {
        brushwork::Project project = currentRecipe();
        if (embedPictures) {
            // Copies beside the project, in a folder named after it.
            const QFileInfo info(path);
            const QString folderName = info.completeBaseName() + "-pictures";
            QDir(info.dir()).mkpath(folderName);
            brushwork::ImageSaveOptions options;
            options.sixteenBit = true;
            brushwork::saveImage(info.dir().filePath(folderName + "/photo.png").toStdString(), mContent, options);
            project.content.embedded = (folderName + "/photo.png").toStdString();
            for (std::size_t i = 0; i < mStyles->styles().size(); ++i) {
                const QString name = folderName + QString("/painting-%1.png").arg(i + 1);
                brushwork::saveImage(info.dir().filePath(name).toStdString(), mStyles->styles()[i].image, options);
                project.styles[i].embedded = name.toStdString();
            }
        }
        if (mResult.isNull())
            brushwork::saveProject(path.toStdString(), project);
        else
            brushwork::saveProjectWithPicture(path.toStdString(), project, matimage::toMat(mResult));
        mStatus->setText(tr("Saved %1.").arg(QFileInfo(path).fileName()));
        setLastFolder(path);
        return true;
    } catch (const brushwork::Error& error) {
        showNotice(errortext::describe(error));
        return false;
    }
}

void MainWindow::saveProjectDialog(bool embedPictures)
{
    if (mContent.empty() || mStyles->styles().empty()) {
        showNotice(tr("Open a photo and a painting first: a project keeps both."));
        return;
    }
    QString path = QFileDialog::getSaveFileName(
        this, embedPictures ? tr("Save Project with Copies of the Pictures") : tr("Save Project"),
        QDir(lastFolder()).filePath(QFileInfo(mContentPath).completeBaseName() + ".brushwork"), tr(kProjectFilter));
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += ".brushwork";
    saveProjectTo(path, embedPictures);
}

void MainWindow::openProjectDialog()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Project"), lastFolder(), tr(kProjectFilter));
    if (!path.isEmpty())
        openProject(path);
}

void MainWindow::offerRecovery()
{
    if (!mAutosaver->hasRecovery())
        return;
    mNotice->setTextFormat(Qt::RichText);
    showNotice(tr("Brushwork closed while a picture was being painted. "
                  "<a href='restore'>Restore it</a> &nbsp;·&nbsp; <a href='discard'>Discard it</a>"));
}

bool MainWindow::hasRecovery() const
{
    return mAutosaver->hasRecovery();
}

bool MainWindow::restoreRecovery()
{
    const bool restored = openProject(mAutosaver->projectPath());
    if (restored)
        mStatus->setText(tr("Restored the picture as it was at iteration %1 — Continue goes on painting it.")
                             .arg(brushwork::loadProject(mAutosaver->projectPath().toStdString()).doneIterations));
    return restored;
}

void MainWindow::discardRecovery()
{
    mAutosaver->clear();
    showNotice({});
}
