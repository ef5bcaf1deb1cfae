// SPDX-License-Identifier: GPL-3.0-or-later
#include <QtTest>

class Placeholder : public QObject {
    Q_OBJECT
};

QTEST_APPLESS_MAIN(Placeholder)
#include "tst_image.moc"
