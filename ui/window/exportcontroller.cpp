// SPDX-License-Identifier: GPL-3.0-or-later
// The studio's ways out: export a picture, or a folder for minting.
#include "mainwindow.h"

#include "errortext.h"
#include "matimage.h"
#include "parameterpanel.h"
#include "printsizepicker.h"
#include "stylelist.h"

#include "brushwork/error.h"
#include "brushwork/image.h"
#include "brushwork/modelfiles.h"
#include "brushwork/nftpackage.h"
#include "brushwork/sha256.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QInputDialog>
#include <QLabel>
#include <QtConcurrent>

namespace {

/// The result of writing a minting folder, carried back to the GUI thread.
struct MintOutcome {
    QString folder;
    QString error;
};

} // namespace

brushwork::Project MainWindow::currentRecipe() const
{
    brushwork::Project recipe;
    recipe.content = {mContentPath.toStdString(), QFileInfo(mContentPath).completeBaseName().toStdString(), {}};
    for (const StyleList::Style& style : mStyles->styles())
        recipe.styles.push_back({style.path.toStdString(), QFileInfo(style.path).completeBaseName().toStdString(), {}});
    recipe.params = mParameters->params();
    recipe.params.weights.styleBlend = mStyles->blends();
    const QString weights = weightsPath();
    if (!weights.isEmpty())
        recipe.network = brushwork::networkName(brushwork::checkWeightsFile(weights.toStdString()));
    recipe.printSize = mParameters->printPicker()->printText().toStdString();
    recipe.dpi = mParameters->printPicker()->dpiFor(mResult.size());
    return recipe;
}

bool MainWindow::exportTo(const QString& path, bool sixteenBit)
{
    try {
        brushwork::ImageSaveOptions options;
        options.sixteenBit = sixteenBit;
        options.dpi = mParameters->printPicker()->dpiFor(mResult.size());
        brushwork::saveImage(path.toStdString(), matimage::toMat(mResult), options);
        mStatus->setText(options.dpi > 0 ? tr("Exported %1 (%2 × %3 px, %4 DPI).")
                                               .arg(QFileInfo(path).fileName())
                                               .arg(mResult.width())
                                               .arg(mResult.height())
                                               .arg(int(options.dpi + 0.5))
                                         : tr("Exported %1.").arg(QFileInfo(path).fileName()));
        setLastFolder(path);
        return true;
    } catch (const brushwork::Error& error) {
        showNotice(errortext::describe(error));
        return false;
    }
}

void MainWindow::exportDialog()
{
    if (mResult.isNull())
        return;
    const bool print = !mParameters->printPicker()->printText().isEmpty();
    const QString suggested = QDir(lastFolder()).filePath(QFileInfo(mContentPath).completeBaseName() + "-painted" +
                                                          (print ? ".tif" : ".png"));
    const QString sixteen = tr("16 bits");
    const QString tiff16 = tr("TIFF, %1, for printing (*.tif *.tiff)").arg(sixteen);
    QString filter = print ? tiff16 : QString();
    QString path = QFileDialog::getSaveFileName(
        this, tr("Export Picture"), suggested,
        tr("PNG (*.png);;PNG, %1 (*.png);;JPEG (*.jpg *.jpeg);;%2;;TIFF, 8 bits (*.tif *.tiff);;WebP (*.webp)")
            .arg(sixteen, tiff16),
        &filter);
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += filter.startsWith("TIFF") ? ".tif" : filter.startsWith("JPEG") ? ".jpg" : filter.startsWith("WebP") ? ".webp" : ".png";
    exportTo(path, filter.contains(sixteen));
}

void MainWindow::exportForMintingDialog()
{
    if (mResult.isNull() || mMinting)
        return;
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Export for Minting — choose a folder"), lastFolder());
    if (folder.isEmpty())
        return;
    QStringList styles;
    for (const StyleList::Style& style : mStyles->styles())
        styles << QFileInfo(style.path).completeBaseName();
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Export for Minting"), tr("Title of the artwork:"),
                                               QLineEdit::Normal,
                                               tr("%1 after %2").arg(QFileInfo(mContentPath).completeBaseName(),
                                                                     styles.join(tr(" and "))),
                                               &ok);
    if (ok)
        exportForMinting(folder, name);
}

void MainWindow::exportForMinting(const QString& folder, const QString& name)
{
    const brushwork::Project recipe = currentRecipe();
    const cv::Mat picture = matimage::toMat(mResult);
    const QString weights = weightsPath();
    mMinting = true;
    updateActions();
    mStatus->setText(tr("Writing the minting folder…"));
    // Hashing the weights and writing a print-sized picture take seconds.
    auto* watcher = new QFutureWatcher<MintOutcome>(this);
    connect(watcher, &QFutureWatcher<MintOutcome>::finished, this, [this, watcher] {
        const MintOutcome outcome = watcher->result();
        watcher->deleteLater();
        mMinting = false;
        updateActions();
        if (outcome.error.isEmpty())
            mStatus->setText(tr("Minting folder written: %1").arg(QDir::toNativeSeparators(outcome.folder)));
        else
            showNotice(outcome.error);
        Q_EMIT mintingFinished(outcome.error.isEmpty());
    });
    watcher->setFuture(QtConcurrent::run([recipe, picture, weights, folder, name] {
        try {
            brushwork::Project hashed = recipe;
            if (!weights.isEmpty())
                hashed.weightsSha256 = brushwork::sha256File(weights.toStdString());
            brushwork::NftDetails details;
            details.name = name.toStdString();
            const brushwork::NftPackage package = brushwork::writeNftPackage(folder.toStdString(), picture, hashed, details);
            return MintOutcome{QString::fromStdString(package.folder), {}};
        } catch (const brushwork::Error& error) {
            return MintOutcome{folder, errortext::describe(error)};
        }
    }));
}
