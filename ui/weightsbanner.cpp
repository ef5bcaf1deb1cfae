// SPDX-License-Identifier: GPL-3.0-or-later
#include "weightsbanner.h"

#include "errortext.h"

#include "brushwork/error.h"
#include "brushwork/modelfiles.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>

WeightsBanner::WeightsBanner(QWidget* parent)
    : QFrame(parent)
    , mText(new QLabel)
{
    setFrameShape(QFrame::StyledPanel);
    setBackgroundRole(QPalette::ToolTipBase);
    setAutoFillBackground(true);
    mText->setWordWrap(true);
    mText->setTextFormat(Qt::RichText);
    mText->setText(tr("<b>Brushwork needs a trained network to see pictures with.</b><br>"
                      "It reads VGG19 (torchvision's, as a .safetensors file, about 550 MB) or the lighter "
                      "SqueezeNet 1.0. If you have one, choose it and Brushwork keeps a copy in<br><tt>%1</tt>.")
                       .arg(QString::fromStdString(brushwork::modelDirectory()).toHtmlEscaped()));
    auto* button = new QPushButton(tr("Use a weights file…"));
    connect(button, &QPushButton::clicked, this, &WeightsBanner::chooseFile);
    auto* layout = new QHBoxLayout(this);
    layout->addWidget(mText, 1);
    layout->addWidget(button, 0, Qt::AlignVCenter);
}

QString WeightsBanner::install(const QString& path)
{
    try {
        const brushwork::NetworkKind kind = brushwork::checkWeightsFile(path.toStdString());
        const QDir folder(QString::fromStdString(brushwork::modelDirectory()));
        if (!folder.mkpath("."))
            return tr("The folder %1 could not be created.").arg(folder.path());
        const QString target = folder.filePath(QString::fromStdString(brushwork::modelFileName(kind)));
        const QString temporary = target + ".part";
        QFile::remove(temporary);
        if (!QFile::copy(path, temporary))
            return tr("“%1” could not be copied into %2 (is there enough space?).").arg(QFileInfo(path).fileName(), folder.path());
        QFile::remove(target);
        if (!QFile::rename(temporary, target))
            return tr("The copy could not be put in place in %1.").arg(folder.path());
        return {};
    } catch (const brushwork::Error& error) {
        return errortext::describe(error);
    }
}

void WeightsBanner::chooseFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Choose a weights file"), QDir::homePath(),
                                                      tr("Network weights (*.safetensors)"));
    if (path.isEmpty())
        return;
    const QString problem = install(path);
    if (!problem.isEmpty()) {
        QMessageBox::warning(this, tr("Weights not installed"), problem);
        return;
    }
    Q_EMIT installed();
}
