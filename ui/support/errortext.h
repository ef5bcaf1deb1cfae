// SPDX-License-Identifier: GPL-3.0-or-later
// The engine's errors in words a painter understands.
#pragma once

#include <QString>

#include <exception>

namespace brushwork {
class Error;
}

namespace brushwork::studio::errortext {

QString describe(const brushwork::Error& error);
QString describeUnexpected(const char* what);
/// describe() for the engine's errors, describeUnexpected() for the rest.
QString describe(const std::exception& error);
/// describe() for what a background task threw (TaskResult::error).
QString describe(std::exception_ptr thrown);

} // namespace brushwork::studio::errortext
