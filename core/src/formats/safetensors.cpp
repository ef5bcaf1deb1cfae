// SPDX-License-Identifier: GPL-3.0-or-later
#include "formats/safetensors.h"

#include "brushwork/atomicfile.h"
#include "support/inputfile.h"

#include "brushwork/error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>

namespace brushwork::safetensors {
namespace {

static_assert(std::numeric_limits<float>::is_iec559, "tensor bytes are IEEE 754");

const char* const kTruncatedHint = "The file may be truncated or not a safetensors file; download it again";

[[noreturn]] void fail(const std::string& file, const std::string& reason, const std::string& hint = kTruncatedHint)
{
    throw Error(ErrorKind::BadInput, file, reason, hint);
}

/// Bytes per element, or 0 for a dtype this reader does not know.
std::uint64_t dtypeSize(const std::string& dtype)
{
    static const std::map<std::string, std::uint64_t> sizes = {
        {"F64", 8}, {"F32", 4}, {"F16", 2}, {"BF16", 2}, {"I64", 8}, {"I32", 4}, {"I16", 2},
        {"I8", 1},  {"U8", 1},  {"U16", 2}, {"U32", 4},  {"U64", 8}, {"BOOL", 1}, {"F8_E4M3", 1}, {"F8_E5M2", 1}};
    const auto found = sizes.find(dtype);
    return found == sizes.end() ? 0 : found->second;
}

bool littleEndianHost()
{
    const std::uint16_t probe = 1;
    std::uint8_t first = 0;
    std::memcpy(&first, &probe, 1);
    return first == 1;
}

std::uint64_t readLength(const std::uint8_t* bytes)
{
    std::uint64_t length = 0;
    for (int i = 7; i >= 0; --i)
        length = (length << 8) | bytes[i];
    return length;
}

TensorInfo parseTensor(const std::string& name, const nlohmann::json& entry, std::uint64_t dataSize,
                       const std::string& file)
{
    const std::string what = "tensor " + name;
    if (!entry.is_object())
        fail(file, what + " is not described by an object");
    const auto dtype = entry.find("dtype");
    const auto shape = entry.find("shape");
    const auto offsets = entry.find("data_offsets");
    if (dtype == entry.end() || !dtype->is_string() || shape == entry.end() || !shape->is_array() ||
        offsets == entry.end() || !offsets->is_array() || offsets->size() != 2)
        fail(file, what + " lacks a dtype, shape or data_offsets");

    TensorInfo info;
    info.name = name;
    info.dtype = dtype->get<std::string>();
    const std::uint64_t elementSize = dtypeSize(info.dtype);
    if (elementSize == 0)
        fail(file, what + " has unknown dtype " + info.dtype, "Brushwork reads F32, F16 and BF16 weights");

    std::uint64_t elements = 1;
    for (const auto& dim : *shape) {
        if (!dim.is_number_integer() || dim.get<std::int64_t>() < 0)
            fail(file, what + " has a negative or non-integer dimension");
        const auto size = dim.get<std::uint64_t>();
        if (size != 0 && elements > std::numeric_limits<std::uint64_t>::max() / size)
            fail(file, what + " has a shape too large to exist");
        elements *= size;
        info.shape.push_back(std::int64_t(size));
    }
    for (const auto& offset : *offsets)
        if (!offset.is_number_unsigned() && !(offset.is_number_integer() && offset.get<std::int64_t>() >= 0))
            fail(file, what + " has a negative or non-integer data offset");
    info.begin = (*offsets)[0].get<std::uint64_t>();
    info.end = (*offsets)[1].get<std::uint64_t>();
    if (info.begin > info.end || info.end > dataSize)
        fail(file, what + " claims bytes " + std::to_string(info.begin) + ".." + std::to_string(info.end) +
                       " but the data section has " + std::to_string(dataSize));
    if (elements > std::numeric_limits<std::uint64_t>::max() / elementSize ||
        info.end - info.begin != elements * elementSize)
        fail(file, what + " has " + std::to_string(info.end - info.begin) + " bytes, which does not match its " +
                       info.dtype + " shape");
    return info;
}

} // namespace

Header parseHeader(const std::uint8_t* prefix, std::size_t prefixSize, std::uint64_t fileSize,
                   const std::string& fileName)
{
    if (fileSize < 8 || prefixSize < 8)
        fail(fileName, "the file is too short to be a safetensors file");
    const std::uint64_t headerLength = readLength(prefix);
    // A safetensors header is a JSON object; a text file or a picture read as
    // one claims a nonsense length, and deserves a plainer answer.
    if (headerLength > std::min<std::uint64_t>(kMaxHeaderBytes, fileSize - 8) && prefixSize > 8 && prefix[8] != '{')
        fail(fileName, "this is not a weights file (neither safetensors nor PyTorch .pth)",
             "Choose a network's weights file, e.g. vgg19.safetensors or vgg19-dcbb9e9d.pth");
    if (headerLength > kMaxHeaderBytes)
        fail(fileName, "the header claims " + std::to_string(headerLength) + " bytes, more than any weights file needs");
    if (headerLength > fileSize - 8)
        fail(fileName, "the header claims " + std::to_string(headerLength) + " bytes but the file has only " +
                           std::to_string(fileSize - 8) + " after the length");
    if (headerLength > prefixSize - 8)
        fail(fileName, "the header was not read completely");

    nlohmann::json json = nlohmann::json::parse(prefix + 8, prefix + 8 + headerLength, nullptr, false);
    if (json.is_discarded())
        fail(fileName, "the header is not valid JSON");
    if (!json.is_object())
        fail(fileName, "the header is not a JSON object");

    Header header;
    header.dataOffset = 8 + headerLength;
    const std::uint64_t dataSize = fileSize - header.dataOffset;
    for (const auto& [name, entry] : json.items()) {
        if (name == "__metadata__") {
            if (!entry.is_object())
                fail(fileName, "__metadata__ is not an object");
            for (const auto& [key, value] : entry.items())
                if (value.is_string())
                    header.metadata[key] = value.get<std::string>();
            continue;
        }
        header.tensors.push_back(parseTensor(name, entry, dataSize, fileName));
    }

    std::vector<const TensorInfo*> byOffset;
    for (const TensorInfo& t : header.tensors)
        byOffset.push_back(&t);
    std::sort(byOffset.begin(), byOffset.end(), [](const auto* a, const auto* b) { return a->begin < b->begin; });
    for (std::size_t i = 1; i < byOffset.size(); ++i)
        if (byOffset[i]->begin < byOffset[i - 1]->end)
            fail(fileName, "tensors " + byOffset[i - 1]->name + " and " + byOffset[i]->name + " overlap");
    return header;
}

Header readHeader(const std::string& path)
{
    const std::uint64_t fileSize = checkInputFile(path, kWeightsInput);
    std::ifstream in(path, std::ios::binary);
    // The length and the header's first byte, which tells a file of another kind.
    std::uint8_t start[9] = {};
    const auto startSize = std::size_t(std::min<std::uint64_t>(sizeof start, fileSize));
    if (!in || !in.read(reinterpret_cast<char*>(start), std::streamsize(startSize)))
        fail(path, "the file is too short to be a safetensors file");
    const std::uint64_t headerLength = readLength(start);
    // A length beyond the limit or the file is refused before anything is allocated.
    if (headerLength > kMaxHeaderBytes || headerLength > fileSize - 8)
        parseHeader(start, startSize, fileSize, path);
    std::vector<std::uint8_t> prefix(8 + headerLength);
    std::memcpy(prefix.data(), start, 8);
    if (!in.seekg(8) || !in.read(reinterpret_cast<char*>(prefix.data() + 8), std::streamsize(headerLength)))
        fail(path, "the header could not be read");
    return parseHeader(prefix.data(), prefix.size(), fileSize, path);
}

TensorShapes shapesOf(const Header& header)
{
    TensorShapes shapes;
    for (const TensorInfo& tensor : header.tensors)
        shapes[tensor.name] = tensor.shape;
    return shapes;
}

FloatTensors loadTensors(const std::string& path, const std::function<bool(const std::string&)>& wanted)
{
    if (!littleEndianHost())
        throw Error(ErrorKind::Resource, path, "this machine is big-endian; safetensors data is little-endian");
    const Header header = readHeader(path);
    std::ifstream in(path, std::ios::binary);
    FloatTensors tensors;
    std::vector<std::uint8_t> bytes;
    for (const TensorInfo& info : header.tensors) {
        if (wanted && !wanted(info.name))
            continue;
        if (info.dtype != "F32" && info.dtype != "F16" && info.dtype != "BF16")
            fail(path, "tensor " + info.name + " is " + info.dtype + ", not a floating-point weight",
                 "Brushwork reads F32, F16 and BF16 weights");
        bytes.resize(std::size_t(info.end - info.begin));
        in.seekg(std::streamoff(header.dataOffset + info.begin));
        if (!in.read(reinterpret_cast<char*>(bytes.data()), std::streamsize(bytes.size())))
            fail(path, "the data of tensor " + info.name + " could not be read");
        FloatTensor& tensor = tensors[info.name];
        tensor.shape = info.shape;
        if (info.dtype == "F32") {
            tensor.values.resize(bytes.size() / 4);
            std::memcpy(tensor.values.data(), bytes.data(), bytes.size());
            continue;
        }
        tensor.values.resize(bytes.size() / 2);
        for (std::size_t i = 0; i < tensor.values.size(); ++i) {
            std::uint16_t bits;
            std::memcpy(&bits, bytes.data() + 2 * i, 2);
            tensor.values[i] = info.dtype == "F16" ? floatFromHalf(bits) : floatFromBFloat16(bits);
        }
    }
    requireFiniteTensors(tensors, path);
    return tensors;
}

void writeTensors(const std::string& path, const std::vector<std::pair<std::string, FloatTensor>>& tensors,
                  const std::map<std::string, std::string>& metadata, bool asFloat16)
{
    nlohmann::json header = nlohmann::json::object();
    if (!metadata.empty())
        header["__metadata__"] = metadata;
    const std::uint64_t elementSize = asFloat16 ? 2 : 4;
    std::uint64_t offset = 0;
    for (const auto& [name, tensor] : tensors) {
        const std::uint64_t bytes = std::uint64_t(tensor.values.size()) * elementSize;
        header[name] = {{"dtype", asFloat16 ? "F16" : "F32"},
                        {"shape", tensor.shape},
                        {"data_offsets", {offset, offset + bytes}}};
        offset += bytes;
    }
    std::string json = header.dump();
    // Padding the header keeps the data section 8-byte aligned, as the
    // reference implementation does.
    json.append((8 - json.size() % 8) % 8, ' ');

    writeAtomically(path, "the weights file", [&](const std::string& temporary) {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        std::uint8_t length[8];
        for (int i = 0; i < 8; ++i)
            length[i] = std::uint8_t(std::uint64_t(json.size()) >> (8 * i));
        out.write(reinterpret_cast<const char*>(length), 8);
        out.write(json.data(), std::streamsize(json.size()));
        std::vector<std::uint16_t> halves;
        for (const auto& [name, tensor] : tensors) {
            if (!asFloat16) {
                out.write(reinterpret_cast<const char*>(tensor.values.data()),
                          std::streamsize(tensor.values.size() * sizeof(float)));
                continue;
            }
            halves.resize(tensor.values.size());
            for (std::size_t i = 0; i < halves.size(); ++i)
                halves[i] = halfFromFloat(tensor.values[i]);
            out.write(reinterpret_cast<const char*>(halves.data()), std::streamsize(halves.size() * 2));
        }
        out.close();
        if (!out)
            throw Error(ErrorKind::Io, path, "could not write the weights file",
                        "Check that the folder exists, is writable and has space");
    });
}

} // namespace brushwork::safetensors
