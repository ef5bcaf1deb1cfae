// SPDX-License-Identifier: GPL-3.0-or-later
// LibTorch's OpenMP threads wait for work by spinning unless
// OMP_WAIT_POLICY says otherwise, and libgomp reads it only when it loads.
#pragma once

namespace cli {

/// For the commands that run OpenCV's threads beside LibTorch's (video: the
/// flow and the encoder; serve: decoding uploads while a job paints), starts
/// this program again with OMP_WAIT_POLICY=PASSIVE when the environment does
/// not choose: spinning threads took the cores those need, and a clip
/// painted 3-4 times slower (docs/video.md). Returns only when it does not
/// restart (another command, a policy chosen, or the restart failed).
void restartWithPassiveThreadsFor(int argc, char** argv);

} // namespace cli
