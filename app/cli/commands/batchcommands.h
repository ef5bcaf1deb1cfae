// SPDX-License-Identifier: GPL-3.0-or-later
// The verbs of `brushwork-cli batch`: collections of pieces rendered on one
// machine or as a Slurm array, and minted as one collection.
#pragma once

#include <string>
#include <vector>

namespace cli {

int batchNewCommand(const std::vector<std::string>& args);
int batchRunCommand(const std::vector<std::string>& args);
int batchSubmitCommand(const std::vector<std::string>& args);
int batchStatusCommand(const std::vector<std::string>& args);
int batchRetryFailedCommand(const std::vector<std::string>& args);
int batchMintCommand(const std::vector<std::string>& args);

/// -o is the one short option; the parser sees it as --o.
std::vector<std::string> withLongOutput(const std::vector<std::string>& args);

} // namespace cli
