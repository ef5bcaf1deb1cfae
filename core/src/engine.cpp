// SPDX-License-Identifier: GPL-3.0-or-later
#include "brushwork/engine.h"
#include "brushwork/error.h"
namespace brushwork {
struct StyleEngine::Impl {};
StyleEngine::StyleEngine(const EngineOptions& o) { throw Error(ErrorKind::Io, o.weightsPath, "not implemented yet"); }
StyleEngine::~StyleEngine() = default;
StyleEngine::StyleEngine(StyleEngine&&) noexcept = default;
StyleEngine& StyleEngine::operator=(StyleEngine&&) noexcept = default;
NetworkKind StyleEngine::network() const { return NetworkKind::Vgg19; }
std::string StyleEngine::deviceName() const { return {}; }
std::vector<std::string> StyleEngine::layerNames() const { return {}; }
std::vector<std::string> StyleEngine::defaultContentLayers() const { return {}; }
std::vector<LayerWeight> StyleEngine::defaultStyleLayers() const { return {}; }
RunResult StyleEngine::run(const StyleJob&, RunControl&, const RunCallbacks&) { return {}; }
BenchResult StyleEngine::benchmark(const StyleJob&, int) { return {}; }
const char* networkName(NetworkKind) { return "vgg19"; }
}
