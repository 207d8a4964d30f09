// dlib 19.24's own MMOD CNN face detector (the net_type of dlib's examples/dnn_mmod_face_detection_ex.cpp, weights
// mmod_human_face_detector.dat) run as dlib's Python binding cnn_face_detection_model_v1 runs it: the photo is
// upsampled with pyramid_up (pyramid_down<2>) UPSAMPLE times, the net is applied, and every box is mapped back with
// pyramid_down<2>::rect_down. Oracle for FaceMetric's CnnFaceDetector parity tests. Build: see run.sh.
//
//   dlib_cnn info MODEL                           the network as dlib prints it, and the MMOD options
//   dlib_cnn detect MODEL UPSAMPLE IMG...         one JSON line per image: dlib's detections (boxes + confidences)
//   dlib_cnn dump MODEL UPSAMPLE IMG OUTPREFIX    the input tensor (tiled pyramid) and output tensor as raw float32
//                                                 (OUTPREFIX.in.f32, OUTPREFIX.out.f32; shapes on stdout)
//   dlib_cnn time MODEL UPSAMPLE RUNS IMG         median wall time (ms) of pyramid_up + net(image) over RUNS runs
//   dlib_cnn layout W H...                        dlib's compute_tiled_image_pyramid_details (pyramid_down<6>, padding
//                                                 10, outer 11) for each size W x H: one JSON line each
//   dlib_cnn othernet OUT                         writes a small untrained dlib network with another loss
//                                                 (loss_metric over con/relu/fc, dlib's own serialisation): the
//                                                 "dlib network that is not MMOD" fixture of the reader's tests
#include <dlib/dnn.h>
#include <dlib/image_io.h>
#include <dlib/image_transforms.h>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

using namespace dlib;

template <long num_filters, typename SUBNET> using con5d = con<num_filters,5,5,2,2,SUBNET>;
template <long num_filters, typename SUBNET> using con5  = con<num_filters,5,5,1,1,SUBNET>;
template <typename SUBNET> using downsampler  = relu<affine<con5d<32, relu<affine<con5d<32, relu<affine<con5d<16,SUBNET>>>>>>>>>;
template <typename SUBNET> using rcon5  = relu<affine<con5<45,SUBNET>>>;
using net_type = loss_mmod<con<1,9,9,1,1,rcon5<rcon5<rcon5<downsampler<input_rgb_image_pyramid<pyramid_down<6>>>>>>>>;

static void load(net_type& net, const char* path) { deserialize(path) >> net; }

static matrix<rgb_pixel> load_upsampled(const char* path, int upsample, long& w, long& h)
{
    matrix<rgb_pixel> img;
    load_image(img, path);
    w = img.nc();
    h = img.nr();
    pyramid_down<2> pyr;
    for (int u = 0; u < upsample; ++u) pyramid_up(img, pyr);
    return img;
}

static int info(const char* model)
{
    net_type net;
    load(net, model);
    std::cout << net << "\n";
    const mmod_options& o = net.loss_details().get_options();
    for (auto& w : o.detector_windows)
        std::cout << "window " << w.width << "x" << w.height << " label '" << w.label << "'\n";
    std::cout << "overlaps_nms iou " << o.overlaps_nms.get_iou_thresh() << " covered " << o.overlaps_nms.get_percent_covered_thresh() << "\n";
    std::cout << "bbr " << o.use_bounding_box_regression << "\n";
    std::cout << "pyramid padding " << input_layer(net).get_pyramid_padding() << " outer " << input_layer(net).get_pyramid_outer_padding() << "\n";
    return 0;
}

static int detect(const char* model, int upsample, int argc, char** argv)
{
    net_type net;
    load(net, model);
    pyramid_down<2> pyr;
    for (int i = 0; i < argc; ++i)
    {
        long w, h;
        matrix<rgb_pixel> img = load_upsampled(argv[i], upsample, w, h);
        std::vector<mmod_rect> dets = net(img);
        std::printf("{\"image\":\"%s\",\"width\":%ld,\"height\":%ld,\"scanned_width\":%ld,\"scanned_height\":%ld,\"faces\":[",
                    argv[i], w, h, img.nc(), img.nr());
        for (size_t d = 0; d < dets.size(); ++d)
        {
            rectangle r = pyr.rect_down(dets[d].rect, upsample);
            std::printf("%s{\"left\":%ld,\"top\":%ld,\"right\":%ld,\"bottom\":%ld,\"confidence\":%.9g}", d ? "," : "",
                        r.left(), r.top(), r.right(), r.bottom(), dets[d].detection_confidence);
        }
        std::printf("]}\n");
    }
    return 0;
}

static void write_tensor(const tensor& t, const std::string& path)
{
    std::ofstream o(path, std::ios::binary);
    o.write(reinterpret_cast<const char*>(t.host()), t.size() * sizeof(float));
    std::printf("%s %lld %lld %lld %lld\n", path.c_str(), (long long)t.num_samples(), (long long)t.k(), (long long)t.nr(), (long long)t.nc());
}

static int dump(const char* model, int upsample, const char* image, const std::string& prefix)
{
    net_type net;
    load(net, model);
    long w, h;
    matrix<rgb_pixel> img = load_upsampled(image, upsample, w, h);
    resizable_tensor x;
    net.to_tensor(&img, &img + 1, x);
    net.subnet().forward(x);
    write_tensor(x, prefix + ".in.f32");
    write_tensor(net.subnet().get_output(), prefix + ".out.f32");
    auto&& rects = any_cast<std::vector<rectangle>>(x.annotation());
    for (auto& r : rects) std::printf("rect %ld %ld %ld %ld\n", r.left(), r.top(), r.right(), r.bottom());
    return 0;
}

static int timing(const char* model, int upsample, int runs, const char* image)
{
    net_type net;
    load(net, model);
    matrix<rgb_pixel> original;
    load_image(original, image);
    std::vector<double> ms;
    size_t found = 0;
    for (int r = 0; r < runs; ++r)
    {
        auto t0 = std::chrono::steady_clock::now();
        matrix<rgb_pixel> img = original;
        pyramid_down<2> pyr;
        for (int u = 0; u < upsample; ++u) pyramid_up(img, pyr);
        found = net(img).size();
        ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    }
    std::sort(ms.begin(), ms.end());
    std::printf("{\"image\":\"%s\",\"width\":%ld,\"height\":%ld,\"upsample\":%d,\"runs\":%d,\"faces\":%zu,\"median_ms\":%.1f,\"min_ms\":%.1f}\n",
                image, original.nc(), original.nr(), upsample, runs, found, ms[ms.size() / 2], ms[0]);
    return 0;
}

using other_net_type = loss_metric<fc_no_bias<8, relu<con<4,3,3,1,1, input_rgb_image_sized<8>>>>>;

static int othernet(const char* out)
{
    other_net_type net;
    matrix<rgb_pixel> img(8, 8);
    img = rgb_pixel(0, 0, 0);
    net(img); // allocates the parameters (initialised by dlib's deterministic default random numbers)
    serialize(out) << net;
    return 0;
}

static int layout(int argc, char** argv)
{
    for (int i = 0; i + 1 < argc; i += 2)
    {
        long w = std::atol(argv[i]), h = std::atol(argv[i + 1]), nr = 0, nc = 0;
        std::vector<rectangle> rects;
        impl::compute_tiled_image_pyramid_details(pyramid_down<6>(), h, w, 10, 11, rects, nr, nc);
        std::printf("{\"width\":%ld,\"height\":%ld,\"rows\":%ld,\"cols\":%ld,\"levels\":[", w, h, nr, nc);
        for (size_t r = 0; r < rects.size(); ++r)
            std::printf("%s[%ld,%ld,%ld,%ld]", r ? "," : "", rects[r].left(), rects[r].top(), rects[r].right(), rects[r].bottom());
        std::printf("]}\n");
    }
    return 0;
}

int main(int argc, char** argv)
{
    try
    {
        if (argc >= 3 && !std::strcmp(argv[1], "info")) return info(argv[2]);
        if (argc >= 5 && !std::strcmp(argv[1], "detect")) return detect(argv[2], std::atoi(argv[3]), argc - 4, argv + 4);
        if (argc == 6 && !std::strcmp(argv[1], "dump")) return dump(argv[2], std::atoi(argv[3]), argv[4], argv[5]);
        if (argc == 6 && !std::strcmp(argv[1], "time")) return timing(argv[2], std::atoi(argv[3]), std::atoi(argv[4]), argv[5]);
        if (argc == 3 && !std::strcmp(argv[1], "othernet")) return othernet(argv[2]);
        if (argc >= 4 && argc % 2 == 0 && !std::strcmp(argv[1], "layout")) return layout(argc - 2, argv + 2);
        std::fprintf(stderr, "usage: dlib_cnn info|detect|dump|time|othernet ... (see the comment at the top of dlib_cnn.cpp)\n");
        return 2;
    }
    catch (std::exception& e)
    {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
}
