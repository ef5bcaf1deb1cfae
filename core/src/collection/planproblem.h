// SPDX-License-Identifier: GPL-3.0-or-later
// How the plan's reader and its expansion refuse a plan: one message form.
#pragma once

#include "brushwork/error.h"

#include <string>

namespace brushwork {

inline constexpr const char* kPlanHint = "Correct the plan (its format is described in the README) and run again";

[[noreturn]] inline void refusePlan(const std::string& fileName, const std::string& problem)
{
    throw Error(ErrorKind::BadInput, fileName, "the plan cannot be used: " + problem, kPlanHint);
}

} // namespace brushwork
