// SPDX-License-Identifier: GPL-3.0-or-later
#include "support/atomicfile.h"

#include "brushwork/error.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>

namespace brushwork {
namespace {

const char* const kSpaceHint = "Check that the folder exists, is writable and has free space";

} // namespace

void writeAtomically(const std::string& path, const std::string& what,
                     const std::function<void(const std::string& temporary)>& write)
{
    // Beside the target, so the rename stays within one file system and is atomic.
    const std::string temporary = path + ".part-" + std::to_string(std::random_device{}() % 1000000);
    std::error_code ignored;
    try {
        write(temporary);
    } catch (...) {
        std::filesystem::remove(temporary, ignored);
        throw;
    }
    std::error_code error;
    std::filesystem::rename(temporary, path, error);
    if (error) {
        std::filesystem::remove(temporary, ignored);
        throw Error(ErrorKind::Io, path, "could not put " + what + " in place (" + error.message() + ")", kSpaceHint);
    }
}

void writeFileAtomically(const std::string& path, const std::string& what, const void* bytes, std::size_t size)
{
    writeAtomically(path, what, [&](const std::string& temporary) {
        std::FILE* file = std::fopen(temporary.c_str(), "wb");
        if (!file)
            throw Error(ErrorKind::Io, path, "could not write " + what + " (" + std::strerror(errno) + ")", kSpaceHint);
        const bool written = std::fwrite(bytes, 1, size, file) == size;
        const int savedErrno = errno;
        // fclose flushes; a full disk often shows only here.
        const bool closed = std::fclose(file) == 0;
        if (!written || !closed)
            throw Error(ErrorKind::Io, path,
                        "could not write " + what + " (" + std::strerror(written ? errno : savedErrno) + ")", kSpaceHint);
    });
}

} // namespace brushwork
