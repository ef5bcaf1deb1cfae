// SPDX-License-Identifier: GPL-3.0-or-later
// The networks that come with Brushwork itself (models/ in the source tree,
// /usr/share/brushwork/models when installed), so a fresh install paints
// without downloading anything.
#pragma once

#include <string>
#include <vector>

namespace brushwork {

/// File names of the built-in networks.
inline constexpr const char* kStylePredictorFile = "style_predict_int8.tflite";
inline constexpr const char* kStyleTransformerFile = "style_transfer_fp16.tflite";

/// A built-in network and the SHA-256 of the file Brushwork ships
/// (models/manifest.json lists the same under "builtin").
struct BuiltinModel {
    const char* file;
    const char* sha256;
};

/// Every built-in network.
const std::vector<BuiltinModel>& builtinModels();

/// Why the built-in network at `path` cannot be used (its SHA-256 is not the
/// one shipped: damaged, or replaced), or empty when it is intact.
std::string builtinModelDamage(const std::string& path, const std::string& fileName);

/// Where built-in networks are looked for, in order: $BRUSHWORK_BUILTIN_MODEL_DIR
/// alone when it is set; else the source tree's models/ (a build that was not
/// installed), share/brushwork/models beside the program's bin/ folder, and
/// /usr/share/brushwork/models.
std::vector<std::string> builtinModelDirectories();

/// The first of builtinModelDirectories() that holds `fileName`. Throws
/// Error(BadInput) naming the file and every folder looked in when none does,
/// and naming the file found when it is not the one shipped (builtinModelDamage).
std::string builtinModelPath(const std::string& fileName);

} // namespace brushwork
