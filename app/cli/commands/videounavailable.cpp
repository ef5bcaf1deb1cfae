// SPDX-License-Identifier: GPL-3.0-or-later
// `video`, `bench --video` and a clip project's frame in a build without clips (the GPU machines'):
// they need OpenCV's video and videoio modules, giflib and libwebp's animation.
#include "commands.h"

#include "brushwork/error.h"

namespace cli {
namespace {

[[noreturn]] void refuse()
{
    throw brushwork::Error(brushwork::ErrorKind::Usage, {},
                           "this brushwork-cli was built without clips (-DBRUSHWORK_BUILD_VIDEO=OFF)",
                           "Paint clips with a brushwork-cli built with them (the default), e.g. on another "
                           "machine from the same frames");
}

} // namespace

int videoCommand(const std::vector<std::string>&)
{
    refuse();
}

int videoBench(const Arguments&)
{
    refuse();
}

bool isClip(const std::string&)
{
    return false;
}

cv::Mat projectClipFrame(const std::string& clip, int)
{
    throw brushwork::Error(brushwork::ErrorKind::BadInput, clip,
                           "the project's photo is a frame of this clip, and this brushwork-cli was built without "
                           "clips (-DBRUSHWORK_BUILD_VIDEO=OFF)",
                           "Paint the project with a brushwork-cli built with them (the default)");
}

} // namespace cli
