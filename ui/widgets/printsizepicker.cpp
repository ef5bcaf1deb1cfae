// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/printsizepicker.h"

#include "session/studiosession.h"

#include "brushwork/error.h"
#include "brushwork/memorybudget.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSettings>
#include <QScopedValueRollback>
#include <QSpinBox>
#include <QVBoxLayout>

#include <cmath>

namespace brushwork::studio {

PrintSizePicker::PrintSizePicker(QSpinBox* size, StudioSession& session, QWidget* parent)
    : QWidget(parent)
    , mSession(session)
    , mSize(size)
    , mPresets(new QComboBox)
    , mDpi(new QSpinBox)
    , mInfo(new QLabel)
{
    mPresets->addItem(tr("Screen (size in pixels)"), QString());
    for (const brushwork::PrintPreset& preset : brushwork::printPresets())
        mPresets->addItem(QString::fromStdString(preset.name), QString::fromStdString(preset.key));
    mPresets->setToolTip(tr("What the picture is for: the screen, a paper print or an NFT"));
    mDpi->setRange(72, 1200);
    mDpi->setValue(300);
    mDpi->setSuffix(tr(" DPI"));
    mDpi->setToolTip(tr("Dots per inch of the print: 300 is a sharp print seen up close"));
    mInfo->setWordWrap(true);
    mInfo->setTextFormat(Qt::RichText);

    auto* row = new QHBoxLayout;
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(mPresets, 1);
    row->addWidget(mDpi);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(row);
    layout->addWidget(mInfo);

    connect(mPresets, &QComboBox::currentIndexChanged, this, &PrintSizePicker::applyPreset);
    connect(mDpi, &QSpinBox::valueChanged, this, &PrintSizePicker::applyPreset);
    connect(mSize, &QSpinBox::valueChanged, this, &PrintSizePicker::describe);
    connect(&mSession, &StudioSession::printSizeChanged, this, &PrintSizePicker::showPrint);
    // The photo's pixels, for the aspect ratio and the enlargement warning.
    connect(&mSession, &StudioSession::photoChanged, this, [this] {
        mContent = QSize(mSession.photo().cols, mSession.photo().rows);
        applyPreset();
    });
    applyPreset();
}

void PrintSizePicker::showPrint()
{
    if (mShowing)
        return;
    const QScopedValueRollback<bool> showing(mShowing, true);
    const QString print = mSession.printSize();
    if (print.contains('@'))
        mDpi->setValue(print.section('@', 1).toInt());
    mPresets->setCurrentIndex(std::max(mPresets->findData(print.section('@', 0, 0)), 0));
}

std::optional<brushwork::PrintSize> PrintSizePicker::chosen() const
{
    const QString key = mPresets->currentData().toString();
    if (key.isEmpty())
        return std::nullopt;
    brushwork::PrintSize print = brushwork::parsePrintSize(key.toStdString());
    if (print.pixels == 0)
        print.dpi = mDpi->value();
    return print;
}

QString PrintSizePicker::printText() const
{
    const auto print = chosen();
    if (!print)
        return {};
    const QString key = mPresets->currentData().toString();
    return print->pixels > 0 ? key : QStringLiteral("%1@%2").arg(key).arg(mDpi->value());
}

void PrintSizePicker::applyPreset()
{
    const auto print = chosen();
    mDpi->setEnabled(print && print->pixels == 0);
    if (print) {
        // A photo's aspect ratio decides which side reaches the paper's edge;
        // without a photo yet, a 3:2 one stands in.
        const QSize content = mContent.isEmpty() ? QSize(3000, 2000) : mContent;
        const brushwork::PrintFit fit = brushwork::fitToPrint(*print, content.width(), content.height());
        // The panel writes the new size into the session.
        mSize->setMaximum(std::max(mSize->maximum(), std::max(fit.width, fit.height)));
        mSize->setValue(std::max(fit.width, fit.height));
    }
    describe();
    if (!mShowing) {
        const QScopedValueRollback<bool> showing(mShowing, true);
        mSession.setPrintSize(printText());
    }
}

void PrintSizePicker::describe()
{
    const auto print = chosen();
    if (mContent.isEmpty()) {
        mInfo->setText(print ? tr("Open a photo to see the print's pixels.") : QString());
        return;
    }
    const int longSide = mSize->value();
    const double scale = double(longSide) / std::max(mContent.width(), mContent.height());
    const int width = int(std::lround(mContent.width() * scale));
    const int height = int(std::lround(mContent.height() * scale));
    QStringList lines;
    QString size = tr("%1 × %2 px").arg(width).arg(height);
    if (print && print->pixels == 0)
        size += tr(" · %1 DPI").arg(int(std::lround(brushwork::effectiveDpi(*print, width, height))));
    lines << size;
    if (scale > brushwork::kUpscaleWarning)
        lines << tr("<span style='color:#b35900'>The photo is enlarged %1×; the print will look soft. "
                    "A larger photo gives a sharper print.</span>")
                     .arg(scale, 0, 'f', 1);
    try {
        const brushwork::MemoryPlan plan = brushwork::planMemory(
            brushwork::NetworkKind::Vgg19, false, brushwork::StyleParams(), width, height,
            brushwork::defaultMemoryBudget(false));
        if (plan.tileSide > 0)
            lines << tr("Too large to paint at once (%1); it will be painted in tiles of %2 px.")
                         .arg(QString::fromStdString(brushwork::formatBytes(plan.untiledBytes)))
                         .arg(plan.tileSide);
    } catch (const brushwork::Error&) {
        lines << tr("<span style='color:#b00020'>Too large for this computer's memory, even in tiles. "
                    "Choose a smaller print or a lower DPI.</span>");
    }
    mInfo->setText(lines.join("<br>"));
}

void PrintSizePicker::save(QSettings& settings) const
{
    settings.setValue("print", mPresets->currentData().toString());
    settings.setValue("printDpi", mDpi->value());
}

void PrintSizePicker::restore(const QSettings& settings)
{
    const int index = mPresets->findData(settings.value("print").toString());
    mDpi->setValue(settings.value("printDpi", mDpi->value()).toInt());
    mPresets->setCurrentIndex(std::max(index, 0));
}

} // namespace brushwork::studio
