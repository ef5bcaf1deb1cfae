// SPDX-License-Identifier: GPL-3.0-or-later
#include "arguments.h"
#include "commandoptions.h"
#include "commands.h"

#include "brushwork/cputhreads.h"
#include "brushwork/faststyle.h"
#include "brushwork/image.h"
#include "brushwork/paintmemory.h"
#include "brushwork/outputpath.h"

#include <chrono>
#include <cstdio>

namespace cli {

int fastCommand(const std::vector<std::string>& rawArgs)
{
    // -o is the one short option; treat it as --o, as render does.
    std::vector<std::string> args;
    for (const std::string& arg : rawArgs)
        args.push_back(arg == "-o" ? "--o" : arg);
    const Arguments parsed(args, {"model", "o", "output", "size", "threads", "memory-budget"}, {"overwrite"});
    if (parsed.positional().size() != 1)
        throw UsageError("fast needs exactly one content image");
    const auto model = parsed.text("model");
    if (!model)
        throw UsageError("fast needs --model FILE, a fast style network (.safetensors)");
    const auto output = parsed.text("o") ? parsed.text("o") : parsed.text("output");
    if (!output)
        throw UsageError("fast needs -o OUT, the file to write (.png, .jpg, .tif or .webp)");
    brushwork::checkOutputPath(*output, {"the picture", brushwork::pictureOutputExtensions(), false, parsed.has("overwrite")},
                               {parsed.positional()[0], *model});
    const int size = parsed.integer("size", 512, 16, 16384);
    const int threads = brushwork::setCpuThreads(threadsOption(parsed));

    brushwork::requireFastFits(brushwork::pictureSize(parsed.positional()[0]), size, memoryBudgetOption(parsed));
    const brushwork::FastStyleNetwork network(*model);
    const cv::Mat content = brushwork::resizeToLongSide(brushwork::loadImage(parsed.positional()[0]), size);
    const auto start = std::chrono::steady_clock::now();
    const cv::Mat painted = network.apply(content);
    const std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - start;
    brushwork::saveImage(*output, painted);
    std::fprintf(stderr, "Painted %dx%d in the style of %s (%s) in %.3f s on %d thread%s; wrote %s\n", painted.cols,
                 painted.rows, network.styleName().c_str(), network.architecture().c_str(), seconds.count(), threads,
                 threads == 1 ? "" : "s", output->c_str());
    return kSuccess;
}

} // namespace cli
