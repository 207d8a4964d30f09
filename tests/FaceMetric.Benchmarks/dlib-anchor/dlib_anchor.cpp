// The speed anchor: dlib's own C++ forward pass of the face recognition ResNet (anet_type, as declared in dlib's
// examples/dnn_face_recognition_ex.cpp), timed on this machine so FaceMetric's ONNX figures can be quoted side by
// side with dlib's, measured in the same session. Timing does not depend on the weight values, so the network is
// used as constructed (no .dat file needed); the input is real 150x150 chips given on the command line.
//
// Build and run: bash tests/FaceMetric.Benchmarks/dlib-anchor/run.sh
#include <dlib/dnn.h>
#include "../../../tools/dlib-net/anet_type.h"
#include <dlib/image_io.h>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

using namespace dlib;

using facemetric_dlib::anet_type;

static double percentile(std::vector<double> v, double p)
{
    std::sort(v.begin(), v.end());
    double pos = p / 100.0 * (v.size() - 1);
    size_t lo = (size_t)pos;
    size_t hi = std::min(lo + 1, v.size() - 1);
    return v[lo] + (v[hi] - v[lo]) * (pos - lo);
}

int main(int argc, char** argv)
{
    if (argc < 2)
    {
        std::fprintf(stderr, "usage: dlib_anchor CHIP.png...\n");
        return 2;
    }

    std::vector<matrix<rgb_pixel>> chips;
    for (int i = 1; i < argc; ++i)
    {
        matrix<rgb_pixel> img;
        load_image(img, argv[i]);
        chips.push_back(std::move(img));
    }

    anet_type net;
    const int batches[] = {1, 16};
    const int reps[] = {100, 12};
    std::printf("{\"dlib_ms_per_face\":{");
    for (int b = 0; b < 2; ++b)
    {
        std::vector<matrix<rgb_pixel>> batch;
        for (int i = 0; i < batches[b]; ++i)
            batch.push_back(chips[i % chips.size()]);
        net(batch, batches[b]); // warm-up
        std::vector<double> times;
        for (int r = 0; r < reps[b]; ++r)
        {
            auto t0 = std::chrono::steady_clock::now();
            auto out = net(batch, batches[b]);
            auto t1 = std::chrono::steady_clock::now();
            times.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count() / batches[b]);
        }
        std::printf("%s\"batch%d\":{\"p10\":%.2f,\"p50\":%.2f,\"p90\":%.2f,\"n\":%zu}", b ? "," : "", batches[b],
                    percentile(times, 10), percentile(times, 50), percentile(times, 90), times.size());
    }
    std::printf("}}\n");
    return 0;
}
