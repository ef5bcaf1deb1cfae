// SPDX-License-Identifier: GPL-3.0-or-later
#include "brushwork/error.h"

namespace brushwork {
namespace {

std::string joinMessage(const std::string& file, const std::string& reason, const std::string& hint)
{
    std::string message = file.empty() ? reason : file + ": " + reason;
    if (!hint.empty())
        message += ". " + hint;
    return message;
}

} // namespace

Error::Error(ErrorKind kind, std::string file, std::string reason, std::string hint, Remedy remedy)
    : std::runtime_error(joinMessage(file, reason, hint))
    , mKind(kind)
    , mFile(std::move(file))
    , mReason(std::move(reason))
    , mHint(std::move(hint))
    , mRemedy(remedy)
{
}

} // namespace brushwork
