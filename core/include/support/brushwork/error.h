// SPDX-License-Identifier: GPL-3.0-or-later
// Errors the engine reports to its callers.
#pragma once

#include <stdexcept>
#include <string>

namespace brushwork {

enum class ErrorKind {
    BadInput,  ///< an image or weights file that cannot be used (CLI exit code 3)
    Usage,     ///< parameters that make no sense (CLI exit code 2)
    Io,        ///< the file system refused a read or write
    Resource,  ///< not enough memory, or the device is unavailable
    Download,  ///< a download failed: the network, the server or a checksum (CLI exit code 5)
};

/// What a person can change to get past a failure. Each front end says it in
/// its own terms (a command-line option, a menu item), so the engine's own
/// hint names none of them.
enum class Remedy {
    None,
    NameTheNetwork,       ///< say which network a weights file holds
    UseTheCpu,            ///< no GPU here
    ChangePrecision,      ///< a precision this device cannot run
    ProvideWeights,       ///< no feature network is installed or given
    AllowMoreMemory,      ///< the run does not fit the memory budget
    RunNetworkDirectly,   ///< a research-only style network may be run, not installed
    GiveDownloadAddress,  ///< an unknown model name to download
};

/// A failure with enough context for a person to act on it: which file, what is
/// wrong with it, and what to do. what() joins the three into one sentence.
class Error : public std::runtime_error {
public:
    Error(ErrorKind kind, std::string file, std::string reason, std::string hint = {},
          Remedy remedy = Remedy::None);

    ErrorKind kind() const { return mKind; }
    Remedy remedy() const { return mRemedy; }
    const std::string& file() const { return mFile; }
    const std::string& reason() const { return mReason; }
    const std::string& hint() const { return mHint; }

private:
    ErrorKind mKind;
    std::string mFile;
    std::string mReason;
    std::string mHint;
    Remedy mRemedy;
};

} // namespace brushwork
