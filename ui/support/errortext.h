// SPDX-License-Identifier: GPL-3.0-or-later
// The engine's errors in words a painter understands.
#pragma once

#include <QString>

namespace brushwork {
class Error;
}

namespace errortext {

QString describe(const brushwork::Error& error);
QString describeUnexpected(const char* what);

} // namespace errortext
