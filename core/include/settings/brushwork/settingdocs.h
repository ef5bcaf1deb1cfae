// SPDX-License-Identifier: GPL-3.0-or-later
// The run settings described for people: the lines of --help (which
// docs/cli.md shows) and the man page's, both made from the table.
#pragma once

#include "brushwork/runsettings.h"

#include <string>

namespace brushwork {

/// "  --size PX                output's long side (default 512)": one line
/// per setting of `group` that has a flag, wrapped under its help column.
std::string settingHelpLines(SettingGroup group);

/// The same as troff for a man page: a .TP entry per setting.
std::string settingManEntries(SettingGroup group);

} // namespace brushwork
