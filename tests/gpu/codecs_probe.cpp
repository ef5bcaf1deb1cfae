// SPDX-License-Identifier: GPL-3.0-or-later
// Built by tst_gpucheck.sh against the carried OpenCV, as the GPU machine's
// build is (bound at start, as Ubuntu's linker does): every format Brushwork
// reads or writes round-trips although GDAL, OpenEXR, OpenJPEG, GDCM and GLX
// are stand-ins. Prints what failed and exits 1.
#include <opencv2/imgcodecs.hpp>

#include <cstdio>
#include <string>
#include <vector>

int main()
{
    cv::Mat picture(24, 32, CV_8UC3);
    cv::randu(picture, 0, 256);
    int failed = 0;
    for (const std::string extension : {".png", ".jpg", ".tif", ".webp", ".bmp"}) {
        std::vector<unsigned char> bytes;
        const bool encoded = cv::imencode(extension, picture, bytes);
        const cv::Mat decoded = encoded ? cv::imdecode(bytes, cv::IMREAD_UNCHANGED) : cv::Mat();
        const bool lossy = extension == ".jpg" || extension == ".webp";
        const bool same = decoded.size() == picture.size() && decoded.type() == picture.type() &&
                          (lossy || cv::norm(decoded, picture, cv::NORM_INF) == 0);
        if (!same) {
            std::printf("%s: %s\n", extension.c_str(), encoded ? "decoded wrong" : "not encoded");
            ++failed;
        }
    }
    return failed ? 1 : 0;
}
