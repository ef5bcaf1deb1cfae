// SPDX-License-Identifier: GPL-3.0-or-later
#include "brushwork/sha256.h"

#include "support/inputfile.h"

#include "brushwork/error.h"

#include <openssl/evp.h>

#include <fstream>
#include <memory>
#include <vector>

namespace brushwork {
namespace {

using DigestContext = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

std::string hexOf(const unsigned char* digest, unsigned length)
{
    static const char digits[] = "0123456789abcdef";
    std::string hex;
    for (unsigned i = 0; i < length; ++i) {
        hex += digits[digest[i] >> 4];
        hex += digits[digest[i] & 15];
    }
    return hex;
}

DigestContext newContext()
{
    DigestContext context(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    if (!context || EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr) != 1)
        throw Error(ErrorKind::Resource, {}, "SHA-256 is not available (OpenSSL could not start it)");
    return context;
}

std::string finish(EVP_MD_CTX* context)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned length = 0;
    EVP_DigestFinal_ex(context, digest, &length);
    return hexOf(digest, length);
}

} // namespace

std::string sha256Hex(const void* bytes, std::size_t size)
{
    DigestContext context = newContext();
    EVP_DigestUpdate(context.get(), bytes, size);
    return finish(context.get());
}

std::string sha256File(const std::string& path)
{
    checkInputFile(path, kWeightsInput);
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(ErrorKind::Io, path, "the file could not be opened to check it");
    DigestContext context = newContext();
    std::vector<char> buffer(1 << 20);
    while (in) {
        in.read(buffer.data(), std::streamsize(buffer.size()));
        EVP_DigestUpdate(context.get(), buffer.data(), std::size_t(in.gcount()));
    }
    if (in.bad())
        throw Error(ErrorKind::Io, path, "the file could not be read to the end");
    return finish(context.get());
}

} // namespace brushwork
