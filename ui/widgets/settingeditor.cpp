// SPDX-License-Identifier: GPL-3.0-or-later
#include "widgets/settingeditor.h"

#include <QCoreApplication>
#include <QDoubleSpinBox>
#include <QSpinBox>

namespace brushwork::studio {
namespace {

/// The translation context of the table's texts.
constexpr const char* kContext = "RunSetting";

} // namespace

const RunSetting& runSetting(const char* name)
{
    const RunSetting* setting = findRunSetting(name);
    Q_ASSERT(setting);
    return *setting;
}

double studioMinimum(const char* name)
{
    const RunSetting& setting = runSetting(name);
    return setting.studioMin == 0 && setting.studioMax == 0 ? setting.min : setting.studioMin;
}

double studioMaximum(const char* name)
{
    const RunSetting& setting = runSetting(name);
    return setting.studioMin == 0 && setting.studioMax == 0 ? setting.max : setting.studioMax;
}

QString settingLabel(const char* name)
{
    return QCoreApplication::translate(kContext, runSetting(name).studioLabel);
}

void describeEditor(QWidget* editor, const char* name)
{
    const RunSetting& setting = runSetting(name);
    editor->setToolTip(QCoreApplication::translate(kContext, setting.studioTip));
    const QString unit = *setting.unit ? " " + QCoreApplication::translate(kContext, setting.unit) : QString();
    if (auto* box = qobject_cast<QSpinBox*>(editor)) {
        box->setRange(int(studioMinimum(name)), int(studioMaximum(name)));
        box->setSuffix(unit);
    } else if (auto* box = qobject_cast<QDoubleSpinBox*>(editor)) {
        box->setRange(studioMinimum(name), studioMaximum(name));
        box->setSuffix(unit);
    }
}

} // namespace brushwork::studio
