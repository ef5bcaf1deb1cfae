// SPDX-License-Identifier: GPL-3.0-or-later
// A job's status as JSON: what the API answers and what the job's record on
// disk holds, written in one place.
#pragma once

#include "brushwork/jobs/jobqueue.h"

#include <nlohmann/json.hpp>

namespace brushwork {

nlohmann::json jobStatusToJson(const JobStatus& status);

/// Reads a record jobStatusToJson wrote; throws Error(BadInput) naming
/// `fileName` when it is damaged.
JobStatus jobStatusFromJson(const nlohmann::json& json, const std::string& fileName);

} // namespace brushwork
