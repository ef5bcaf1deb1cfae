// SPDX-License-Identifier: GPL-3.0-or-later
// Storing an upload as a job's folder: generated names only, settings checked
// as a collection plan's.
#pragma once

#include "jobpainter.h"

#include "brushwork/jobs/jobqueue.h"

namespace brushwork {

/// A new folder under `jobsFolder` with a generated name; returns the id.
std::string makeJobFolder(const std::string& jobsFolder);

/// Writes the pictures and the one-piece plan into `files`, and returns the
/// piece as the plan check expands it. Throws Error(BadInput) with the plan's
/// words and a remedy for the API.
CollectionPiece storeUpload(const JobFiles& files, const JobUpload& upload);

/// The piece of the plan a job's folder keeps.
CollectionPiece loadJobPiece(const JobFiles& files);

} // namespace brushwork
