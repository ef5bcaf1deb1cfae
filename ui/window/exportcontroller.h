// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QString>

class QWidget;

namespace brushwork::studio {

class StudioSession;

/// The studio's ways out: Export (PNG, JPEG, TIFF or WebP, 8 or 16 bits,
/// with the print's DPI) and Export for Minting (a folder with the picture,
/// its metadata, the recipe and checksums). Both write in the background.
class ExportController : public QObject {
    Q_OBJECT
public:
    /// `window` parents the dialogs.
    ExportController(StudioSession& session, QWidget* window);

    /// The format follows the extension; `sixteenBit` for PNG and TIFF.
    void exportTo(const QString& path, bool sixteenBit = false);
    void exportDialog();
    /// Writes the minting folder; hashing the weights and writing a
    /// print-sized picture take seconds.
    void mint(const QString& folder, const QString& name);
    void mintDialog();
    /// A minting folder is being written (one at a time).
    bool minting() const { return mMinting; }

Q_SIGNALS:
    void exported(bool ok);
    void minted(bool ok);
    void mintingChanged();
    void notice(const QString& text);
    void status(const QString& text);

private:
    StudioSession& mSession;
    QWidget* mWindow;
    bool mMinting = false;
};

} // namespace brushwork::studio
