// SPDX-License-Identifier: GPL-3.0-or-later
// The folders a collection and its minting folder are made of.
#pragma once

#include "brushwork/error.h"

#include <filesystem>

namespace brushwork {

/// Creates `folder` and its parents; Error(Io) naming it when that fails.
inline void makeFolder(const std::filesystem::path& folder)
{
    std::error_code error;
    std::filesystem::create_directories(folder, error);
    if (error)
        throw Error(ErrorKind::Io, folder.string(), "the folder could not be created (" + error.message() + ")",
                    "Choose a folder you can write to");
}

} // namespace brushwork
