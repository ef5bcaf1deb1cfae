// SPDX-License-Identifier: GPL-3.0-or-later
#include "support/inputfile.h"

#include "brushwork/error.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace brushwork {
namespace {

std::string sizeText(std::uint64_t bytes)
{
    if (bytes >= (1ull << 30))
        return std::to_string(bytes >> 30) + " GB";
    return std::to_string(bytes >> 20) + " MB";
}

/// Refuses anything but a regular file of a sane size; `status` is from
/// stat() or fstat().
std::uint64_t checkStatus(const std::string& path, const InputKind& kind, const struct stat& status)
{
    const std::string what = kind.what;
    if (S_ISDIR(status.st_mode))
        throw Error(ErrorKind::BadInput, path, "this is a folder, not a " + what);
    if (S_ISFIFO(status.st_mode) || S_ISSOCK(status.st_mode))
        throw Error(ErrorKind::BadInput, path, "this is a pipe (FIFO) or socket, not a " + what,
                    "Save the " + what + " as an ordinary file and give that");
    if (!S_ISREG(status.st_mode))
        throw Error(ErrorKind::BadInput, path, "this is a device, not a " + what,
                    "Give a " + what + " saved as an ordinary file");
    const auto size = std::uint64_t(status.st_size);
    if (size == 0)
        throw Error(ErrorKind::BadInput, path, "the file is empty");
    if (size > kind.maxBytes)
        throw Error(ErrorKind::BadInput, path,
                    "the file is " + sizeText(size) + ", far larger than a " + what + " can be (at most " +
                        sizeText(kind.maxBytes) + ")");
    return size;
}

[[noreturn]] void refuseMissing(const std::string& path, const InputKind& kind, int error)
{
    if (error == ENOENT || error == ENOTDIR)
        throw Error(ErrorKind::BadInput, path, "file not found", "Check the name and folder");
    if (error == EACCES)
        throw Error(ErrorKind::BadInput, path, "the file cannot be opened (no permission to read it?)");
    throw Error(ErrorKind::BadInput, path,
                std::string("the ") + kind.what + " cannot be read (" + std::strerror(error) + ")");
}

} // namespace

std::uint64_t checkInputFile(const std::string& path, const InputKind& kind)
{
    struct stat status {};
    if (::stat(path.c_str(), &status) != 0)
        refuseMissing(path, kind, errno);
    const std::uint64_t size = checkStatus(path, kind, status);
    if (::access(path.c_str(), R_OK) != 0)
        refuseMissing(path, kind, errno);
    return size;
}

std::vector<unsigned char> readInputFile(const std::string& path, const InputKind& kind)
{
    checkInputFile(path, kind);
    // O_NONBLOCK: opening a FIFO that replaced the file since the check must not wait for a writer.
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        refuseMissing(path, kind, errno);
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};
    struct stat status {};
    if (::fstat(fd, &status) != 0)
        refuseMissing(path, kind, errno);
    const std::uint64_t size = checkStatus(path, kind, status);
    std::vector<unsigned char> bytes(size);
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t got = ::read(fd, bytes.data() + done, bytes.size() - done);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            throw Error(ErrorKind::Io, path, std::string("the file could not be read (") + std::strerror(errno) + ")");
        if (got == 0)
            break; // shrank while being read: what is there is judged by its reader
        done += std::size_t(got);
    }
    bytes.resize(done);
    if (bytes.empty())
        throw Error(ErrorKind::BadInput, path, "the file is empty");
    return bytes;
}

} // namespace brushwork
