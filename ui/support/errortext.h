// SPDX-License-Identifier: GPL-3.0-or-later
// The engine's errors in words a painter understands.
#pragma once

#include <QString>

namespace brushwork {
class Error;
}

namespace brushwork::studio::errortext {

QString describe(const brushwork::Error& error);
QString describeUnexpected(const char* what);

} // namespace brushwork::studio::errortext
