// SPDX-License-Identifier: GPL-3.0-or-later
#include "formats/tflitemodel.h"

#include "brushwork/error.h"
#include "formats/tflite_generated.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>

namespace brushwork::tflite {
namespace {

// The largest file read: the built-in networks are 0.4 and 2.8 MB.
constexpr std::uint64_t kMaxFileBytes = 256ull << 20;
constexpr std::size_t kMaxRank = 8;

Error badFile(const std::string& file, const std::string& reason)
{
    return Error(ErrorKind::BadInput, file, reason,
                 "The built-in networks are installed with Brushwork; reinstall it if this file was changed");
}

std::vector<std::uint8_t> readFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in)
        throw badFile(path, "cannot be opened");
    const std::streamoff size = in.tellg();
    if (size < 0 || std::uint64_t(size) > kMaxFileBytes)
        throw badFile(path, "is too large to be one of Brushwork's networks");
    std::vector<std::uint8_t> bytes(static_cast<std::size_t>(size));
    in.seekg(0);
    if (!in.read(reinterpret_cast<char*>(bytes.data()), size))
        throw badFile(path, "cannot be read");
    return bytes;
}

struct TypeInfo {
    ElementType type;
    std::size_t bytes;
};

/// TFLite's TensorType numbering.
bool elementType(std::int8_t code, TypeInfo& info)
{
    switch (code) {
    case 0: info = {ElementType::Float32, 4}; return true;
    case 1: info = {ElementType::Float16, 2}; return true;
    case 2: info = {ElementType::Int32, 4}; return true;
    case 3: info = {ElementType::UInt8, 1}; return true;
    case 4: info = {ElementType::Int64, 8}; return true;
    case 9: info = {ElementType::Int8, 1}; return true;
    default: return false;
    }
}

std::size_t elementBytes(ElementType type)
{
    switch (type) {
    case ElementType::Float16: return 2;
    case ElementType::Int8:
    case ElementType::UInt8: return 1;
    case ElementType::Int64: return 8;
    case ElementType::Float32:
    case ElementType::Int32: break;
    }
    return 4;
}

bool supportedOperator(std::int32_t code)
{
    switch (Operator(code)) {
    case Operator::Add:
    case Operator::Conv2d:
    case Operator::DepthwiseConv2d:
    case Operator::Dequantize:
    case Operator::Logistic:
    case Operator::Mul:
    case Operator::Mean:
    case Operator::Sub:
    case Operator::Rsqrt:
    case Operator::ResizeNearestNeighbor:
    case Operator::SquaredDifference:
    case Operator::MirrorPad:
    case Operator::Quantize:
        return true;
    }
    return false;
}

template <typename T>
T load(const std::uint8_t* data, std::size_t index)
{
    T value;
    std::memcpy(&value, data + index * sizeof(T), sizeof(T));
    return value;
}

} // namespace

Model::Model(const std::string& path)
    : Model(readFile(path), path)
{
}

Model::Model(std::vector<std::uint8_t> bytes, std::string name)
    : mName(std::move(name))
    , mBytes(std::move(bytes))
{
    parse();
}

void Model::parse()
{
    namespace fb = schema;
    if (mBytes.size() < 8 || !fb::ModelBufferHasIdentifier(mBytes.data()))
        throw badFile(mName, "is not a TensorFlow Lite model (no \"TFL3\" identifier)");
    if (mBytes.size() > kMaxFileBytes)
        throw badFile(mName, "is too large to be one of Brushwork's networks");
    flatbuffers::Verifier verifier(mBytes.data(), mBytes.size());
    if (!fb::VerifyModelBuffer(verifier))
        throw badFile(mName, "is damaged or truncated (its TFLite structure does not check out)");
    const fb::Model* model = fb::GetModel(mBytes.data());
    if (!model->subgraphs() || model->subgraphs()->size() != 1)
        throw badFile(mName, "has " + std::to_string(model->subgraphs() ? model->subgraphs()->size() : 0) +
                                 " graphs; Brushwork's networks have exactly one");
    const fb::SubGraph* graph = model->subgraphs()->Get(0);
    const auto* buffers = model->buffers();
    const auto* tensors = graph->tensors();
    if (!buffers || !tensors)
        throw badFile(mName, "has no tensors");

    for (flatbuffers::uoffset_t t = 0; t < tensors->size(); ++t) {
        const fb::Tensor* tensor = tensors->Get(t);
        TensorInfo info;
        info.name = tensor->name() ? tensor->name()->str() : std::string();
        const std::string what = "tensor " + std::to_string(t) + " (\"" + info.name + "\")";
        TypeInfo type{};
        if (!elementType(tensor->type(), type))
            throw badFile(mName, what + " has element type " + std::to_string(int(tensor->type())) +
                                     ", which Brushwork does not read");
        info.type = type.type;
        std::uint64_t elements = 1;
        if (const auto* shape = tensor->shape()) {
            if (shape->size() > kMaxRank)
                throw badFile(mName, what + " has " + std::to_string(shape->size()) + " dimensions");
            for (const std::int32_t dim : *shape) {
                if (dim < 0)
                    throw badFile(mName, what + " has a negative dimension");
                info.shape.push_back(dim);
                elements *= std::uint64_t(dim); // each factor < 2^31 and the product is checked below
                if (elements > kMaxFileBytes)
                    throw badFile(mName, what + " is larger than the file");
            }
        }
        if (tensor->buffer() >= buffers->size())
            throw badFile(mName, what + " names buffer " + std::to_string(tensor->buffer()) + " of " +
                                     std::to_string(buffers->size()));
        const fb::Buffer* buffer = buffers->Get(tensor->buffer());
        if (buffer->offset() > 1 || buffer->size() > 0)
            throw badFile(mName, what + " keeps its data outside the flatbuffer, which Brushwork does not read");
        if (const auto* data = buffer->data(); data && data->size() > 0) {
            if (std::uint64_t(data->size()) != elements * type.bytes)
                throw badFile(mName, what + " of shape " + shapeText(info.shape) + " has " +
                                         std::to_string(data->size()) + " bytes of data instead of " +
                                         std::to_string(elements * type.bytes));
            info.hasData = true;
            info.dataOffset = std::size_t(data->data() - mBytes.data());
            info.dataBytes = data->size();
        }
        if (const fb::QuantizationParameters* q = tensor->quantization()) {
            if (const auto* scales = q->scale())
                info.quantisation.scales.assign(scales->begin(), scales->end());
            // The verifier checks a vector's length field, aligned to 4 bytes,
            // not that 8-byte elements are aligned: copied byte-wise.
            if (const auto* zeros = q->zero_point())
                for (flatbuffers::uoffset_t i = 0; i < zeros->size(); ++i)
                    info.quantisation.zeroPoints.push_back(load<std::int64_t>(zeros->Data(), i));
            info.quantisation.axis = q->quantized_dimension();
            const Quantisation& quant = info.quantisation;
            for (const float scale : quant.scales)
                if (!std::isfinite(scale))
                    throw badFile(mName, what + " has a scale that is not a number");
            if (!quant.zeroPoints.empty() && quant.zeroPoints.size() != quant.scales.size())
                throw badFile(mName, what + " has " + std::to_string(quant.scales.size()) + " scales but " +
                                         std::to_string(quant.zeroPoints.size()) + " zero points");
            if (quant.scales.size() > 1 &&
                (quant.axis < 0 || std::size_t(quant.axis) >= info.shape.size() ||
                 std::uint64_t(info.shape[std::size_t(quant.axis)]) != quant.scales.size()))
                throw badFile(mName, what + " of shape " + shapeText(info.shape) + " has " +
                                         std::to_string(quant.scales.size()) + " scales along axis " +
                                         std::to_string(quant.axis));
        }
        mTensors.push_back(std::move(info));
    }

    const auto* codes = model->operator_codes();
    if (const auto* operators = graph->operators()) {
        for (const fb::Operator* op : *operators) {
            if (!codes || op->opcode_index() >= codes->size())
                throw badFile(mName, "names operator code " + std::to_string(op->opcode_index()) + " of " +
                                         std::to_string(codes ? codes->size() : 0));
            const fb::OperatorCode* code = codes->Get(op->opcode_index());
            // Files written before builtin_code existed keep small codes in
            // the old byte field; TFLite itself takes the larger of the two.
            const std::int32_t builtin = std::max<std::int32_t>(code->deprecated_builtin_code(), code->builtin_code());
            if (code->custom_code() || !supportedOperator(builtin))
                throw badFile(mName, "uses operator " +
                                         (code->custom_code() ? "\"" + code->custom_code()->str() + "\""
                                                              : std::to_string(builtin)) +
                                         ", which is not one of the operators of Brushwork's networks");
            for (const auto* list : {op->inputs(), op->outputs()})
                if (list)
                    for (const std::int32_t index : *list)
                        if (index < -1 || index >= std::int32_t(mTensors.size()))
                            throw badFile(mName, "an operator names tensor " + std::to_string(index) + " of " +
                                                     std::to_string(mTensors.size()));
            mOperators.push_back(Operator(builtin));
        }
    }
}

const TensorInfo& Model::constant(const std::string& name) const
{
    const auto found = std::find_if(mTensors.begin(), mTensors.end(),
                                    [&](const TensorInfo& tensor) { return tensor.name == name; });
    if (found == mTensors.end())
        throw badFile(mName, "has no tensor \"" + name + "\"");
    if (!found->hasData)
        throw badFile(mName, "tensor \"" + name + "\" holds no values");
    return *found;
}

FloatTensor Model::floats(const std::string& name) const
{
    const TensorInfo& info = constant(name);
    const std::uint8_t* data = mBytes.data() + info.dataOffset;
    const std::size_t count = info.dataBytes / elementBytes(info.type);
    const Quantisation& quant = info.quantisation;
    // Elements between two steps of the channel axis, for per-channel scales.
    std::size_t inner = 1;
    for (std::size_t d = std::size_t(quant.axis) + 1; quant.scales.size() > 1 && d < info.shape.size(); ++d)
        inner *= std::size_t(info.shape[d]);
    const bool quantised = info.type != ElementType::Float32 && info.type != ElementType::Float16 && !quant.scales.empty();
    auto dequantise = [&](std::size_t i, double q) {
        if (!quantised)
            return float(q);
        const std::size_t channel = quant.scales.size() > 1 ? (i / inner) % quant.scales.size() : 0;
        const double zero = quant.zeroPoints.empty() ? 0.0 : double(quant.zeroPoints[channel]);
        // Multiplied, never divided: some scales are as small as 1e-23.
        return float(float(q - zero) * quant.scales[channel]);
    };

    FloatTensor out{info.shape, std::vector<float>(count)};
    for (std::size_t i = 0; i < count; ++i) {
        switch (info.type) {
        case ElementType::Float32: out.values[i] = load<float>(data, i); break;
        case ElementType::Float16: out.values[i] = floatFromHalf(load<std::uint16_t>(data, i)); break;
        case ElementType::Int32: out.values[i] = dequantise(i, load<std::int32_t>(data, i)); break;
        case ElementType::Int8: out.values[i] = dequantise(i, load<std::int8_t>(data, i)); break;
        case ElementType::UInt8: out.values[i] = dequantise(i, load<std::uint8_t>(data, i)); break;
        case ElementType::Int64: out.values[i] = dequantise(i, double(load<std::int64_t>(data, i))); break;
        }
        // Where the numbers enter, as for every other weights format: NaN or
        // infinity paints an all-black picture that looks like a result.
        if (!std::isfinite(out.values[i]))
            throw badFile(mName, "tensor \"" + name + "\" holds NaN or infinity (value " + std::to_string(i) +
                                     "); the file is damaged");
    }
    return out;
}

FloatTensor Model::floats(const std::string& name, const std::vector<std::int64_t>& shape) const
{
    FloatTensor tensor = floats(name);
    if (tensor.shape != shape)
        throw badFile(mName, "tensor \"" + name + "\" has shape " + shapeText(tensor.shape) + " instead of " +
                                 shapeText(shape));
    return tensor;
}

} // namespace brushwork::tflite
