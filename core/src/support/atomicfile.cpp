// SPDX-License-Identifier: GPL-3.0-or-later
#include "brushwork/atomicfile.h"

#include "brushwork/error.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace brushwork {
namespace {

const char* const kSpaceHint = "Check that the folder exists, is writable and has free space";

[[noreturn]] void failWrite(const std::string& path, const std::string& what, int error)
{
    throw Error(ErrorKind::Io, path, "could not write " + what + " (" + std::strerror(error) + ")", kSpaceHint);
}

} // namespace

std::string temporaryNameBeside(const std::string& path)
{
    static thread_local std::mt19937_64 random{std::random_device{}() ^ std::uint64_t(::getpid())};
    char suffix[24];
    std::snprintf(suffix, sizeof suffix, ".part-%012llx",
                  static_cast<unsigned long long>(random() & 0xffffffffffffull));
    return path + suffix;
}

void writeAtomically(const std::string& path, const std::string& what,
                     const std::function<void(const std::string& temporary)>& write)
{
    // Beside the target, so the rename stays within one file system and is atomic.
    const std::string temporary = temporaryNameBeside(path);
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

void writeFileAtomically(const std::string& path, const std::string& what, const void* bytes, std::size_t size,
                         unsigned mode)
{
    writeAtomically(path, what, [&](const std::string& temporary) {
        const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
        if (fd < 0)
            failWrite(path, what, errno);
        const auto* data = static_cast<const char*>(bytes);
        std::size_t done = 0;
        while (done < size) {
            const ssize_t wrote = ::write(fd, data + done, size - done);
            if (wrote < 0 && errno == EINTR)
                continue;
            if (wrote <= 0) {
                const int writeErrno = wrote < 0 ? errno : ENOSPC;
                ::close(fd);
                failWrite(path, what, writeErrno);
            }
            done += std::size_t(wrote);
        }
        // close (on NFS) and fsync report a full disk that write did not.
        if (::fsync(fd) != 0 && errno != EINVAL) {
            const int syncErrno = errno;
            ::close(fd);
            failWrite(path, what, syncErrno);
        }
        // The umask is for files a person makes; a script's mode is asked for.
        const int modeErrno = ::fchmod(fd, mode) == 0 ? 0 : errno;
        if (::close(fd) != 0)
            failWrite(path, what, errno);
        if (modeErrno != 0)
            failWrite(path, what, modeErrno);
    });
}

void replaceFolder(const std::string& built, const std::string& target, const std::string& what)
{
    std::error_code ignored;
    if (::renameat2(AT_FDCWD, built.c_str(), AT_FDCWD, target.c_str(), RENAME_NOREPLACE) == 0)
        return;
    int error = errno;
    if (error == EEXIST) {
        if (::renameat2(AT_FDCWD, built.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) == 0) {
            std::filesystem::remove_all(built, ignored); // the old folder, now under the temporary name
            return;
        }
        error = errno;
    }
    if (error == EINVAL || error == ENOSYS) {
        // A file system without renameat2's flags (some network ones): the old
        // folder steps aside for a moment instead.
        const std::string old = temporaryNameBeside(target);
        const bool moved = ::rename(target.c_str(), old.c_str()) == 0 || errno == ENOENT;
        if (moved && ::rename(built.c_str(), target.c_str()) == 0) {
            std::filesystem::remove_all(old, ignored);
            return;
        }
        error = errno;
        ::rename(old.c_str(), target.c_str());
    }
    std::filesystem::remove_all(built, ignored);
    throw Error(ErrorKind::Io, target, "could not put " + what + " in place (" + std::strerror(error) + ")",
                kSpaceHint);
}

} // namespace brushwork
