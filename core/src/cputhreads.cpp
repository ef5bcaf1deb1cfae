// SPDX-License-Identifier: GPL-3.0-or-later
#include "brushwork/cputhreads.h"

#include "cpucores.h"

#include <torch/torch.h>

namespace brushwork {

int setCpuThreads(int threads)
{
    const int count = threads > 0 ? threads : physicalCoreCount();
    torch::set_num_threads(count);
    return count;
}

} // namespace brushwork
