// SPDX-License-Identifier: GPL-3.0-or-later
#include "window/exportcontroller.h"

#include "session/studiosession.h"
#include "support/errortext.h"
#include "support/lastfolder.h"
#include "support/matimage.h"

#include "brushwork/error.h"
#include "brushwork/image.h"
#include "brushwork/nftpackage.h"
#include "brushwork/printscale.h"
#include "brushwork/sha256.h"
#include "brushwork/tasks/taskrunner.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>

#include <algorithm>

namespace brushwork::studio {

ExportController::ExportController(StudioSession& session, QWidget* window)
    : QObject(window)
    , mSession(session)
    , mWindow(window)
{
    setObjectName("exports");
}

void ExportController::exportTo(const QString& path, bool sixteenBit)
{
    const QImage picture = mSession.picture();
    // An instant picture is painted at the screen's size, whatever the print:
    // exported for a print, it is enlarged with the photo's detail, its
    // strokes where they are on screen (issue 27). A painted one is printed
    // by Paint the Print, which refines it at the print's size first.
    const int printSide = mSession.printSize().isEmpty() ? 0 : mSession.settings().size;
    const bool enlarge = mSession.instant() && std::max(picture.width(), picture.height()) < printSide;
    const cv::Mat photo = enlarge ? brushwork::resizeToLongSide(mSession.photo(), printSide) : cv::Mat();
    brushwork::ImageSaveOptions options;
    options.sixteenBit = sixteenBit;
    const QSize size = enlarge ? QSize(photo.cols, photo.rows) : picture.size();
    options.dpi = mSession.dpiFor(size);
    Q_EMIT status(tr("Exporting %1…").arg(QFileInfo(path).fileName()));
    TaskRunner::runOnce(
        this,
        [path, picture, photo, options] {
            const cv::Mat shown = matimage::toMat(picture);
            brushwork::saveImage(path.toStdString(),
                                 photo.empty() ? shown : brushwork::enlargeWithPhotoDetail(shown, photo), options);
        },
        [this, path, size, dpi = options.dpi](const TaskResult<NoValue>& result) {
            if (result.ok()) {
                const QString name = QFileInfo(path).fileName();
                Q_EMIT status(dpi > 0 ? tr("Exported %1 (%2 × %3 px, %4 DPI).")
                                            .arg(name)
                                            .arg(size.width())
                                            .arg(size.height())
                                            .arg(int(dpi + 0.5))
                                      : tr("Exported %1.").arg(name));
                lastfolder::rememberFolderOf(path);
            } else {
                Q_EMIT notice(errortext::describe(result.error));
            }
            Q_EMIT exported(result.ok());
        });
}

void ExportController::exportDialog()
{
    if (mSession.picture().isNull())
        return;
    const bool print = !mSession.printSize().isEmpty();
    const QString suggested = QDir(lastfolder::forSaving())
                                  .filePath(QFileInfo(mSession.photoPath()).completeBaseName() + "-painted" +
                                            (print ? ".tif" : ".png"));
    const QString sixteen = tr("16 bits");
    const QString tiff16 = tr("TIFF, %1, for printing (*.tif *.tiff)").arg(sixteen);
    QString filter = print ? tiff16 : QString();
    QString path = QFileDialog::getSaveFileName(
        mWindow, tr("Export Picture"), suggested,
        tr("PNG (*.png);;PNG, %1 (*.png);;JPEG (*.jpg *.jpeg);;%2;;TIFF, 8 bits (*.tif *.tiff);;WebP (*.webp)")
            .arg(sixteen, tiff16),
        &filter);
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += filter.startsWith("TIFF") ? ".tif" : filter.startsWith("JPEG") ? ".jpg" : filter.startsWith("WebP") ? ".webp" : ".png";
    exportTo(path, filter.contains(sixteen));
}

void ExportController::mintDialog()
{
    if (mSession.picture().isNull() || mMinting)
        return;
    const QString folder =
        QFileDialog::getExistingDirectory(mWindow, tr("Export for Minting — choose a folder"), lastfolder::forSaving());
    if (folder.isEmpty())
        return;
    QStringList styles;
    for (const StudioSession::Painting& style : mSession.paintings())
        styles << QFileInfo(style.path).completeBaseName();
    bool ok = false;
    const QString name = QInputDialog::getText(
        mWindow, tr("Export for Minting"), tr("Title of the artwork:"), QLineEdit::Normal,
        tr("%1 after %2").arg(QFileInfo(mSession.photoPath()).completeBaseName(), styles.join(tr(" and "))), &ok);
    if (ok)
        mint(folder, name);
}

void ExportController::mint(const QString& folder, const QString& name)
{
    if (mMinting)
        return;
    brushwork::Project recipe;
    try {
        recipe = mSession.recipe();
    } catch (const brushwork::Error& error) {
        Q_EMIT notice(errortext::describe(error));
        Q_EMIT minted(false);
        return;
    }
    const QImage picture = mSession.picture();
    const QString weights = StudioSession::weightsPath();
    mMinting = true;
    Q_EMIT mintingChanged();
    Q_EMIT status(tr("Writing the minting folder…"));
    auto write = [recipe, picture, weights, folder, name]() mutable {
        if (!weights.isEmpty())
            recipe.weightsSha256 = brushwork::sha256File(weights.toStdString());
        brushwork::NftDetails details;
        details.name = name.toStdString();
        return QString::fromStdString(
            brushwork::writeNftPackage(folder.toStdString(), matimage::toMat(picture), recipe, details).folder);
    };
    TaskRunner::runOnce(this, std::move(write), [this](const TaskResult<QString>& result) {
        mMinting = false;
        Q_EMIT mintingChanged();
        if (result.ok())
            Q_EMIT status(tr("Minting folder written: %1").arg(QDir::toNativeSeparators(result.value)));
        else
            Q_EMIT notice(errortext::describe(result.error));
        Q_EMIT minted(result.ok());
    });
}

} // namespace brushwork::studio
