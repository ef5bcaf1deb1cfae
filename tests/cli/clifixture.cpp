// SPDX-License-Identifier: GPL-3.0-or-later
#include "clifixture.h"

#include "brushwork/image.h"
#include "testsupport.h"

void CliFixture::writeInputs()
{
    mDir = testsupport::scratchDir();
    mContent = mDir + "/content.png";
    mStyle = mDir + "/style.png";
    brushwork::saveImage(mContent.toStdString(), testsupport::makeContentImage(64, 48));
    brushwork::saveImage(mStyle.toStdString(), testsupport::makeStyleImage(64, 64));
    mWeights = testsupport::randomWeightsPath();
}
