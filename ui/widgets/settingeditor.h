// SPDX-License-Identifier: GPL-3.0-or-later
// The studio's side of the run settings' table (brushwork/runsettings.h):
// the labels, tooltips and ranges the parameter panel shows.
#pragma once

#include "brushwork/runsettings.h"

#include <QString>

class QWidget;

namespace brushwork::studio {

/// The table's row named `name`, which must exist.
const RunSetting& runSetting(const char* name);

/// The range the panel offers for the setting: its studio range, else its own.
double studioMinimum(const char* name);
double studioMaximum(const char* name);

/// The setting's studio label, translated.
QString settingLabel(const char* name);

/// Gives `editor` the setting's tooltip, and a spin box also its range and
/// unit.
void describeEditor(QWidget* editor, const char* name);

} // namespace brushwork::studio
