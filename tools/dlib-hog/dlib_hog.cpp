// Exports dlib's frontal face detector (HOG, dlib 19.24's get_frontal_face_detector()) to FaceMetric's
// binary .hog format and prints dlib's own detections for parity tests. Build: see export.sh.
//
//   dlib_hog model OUT.hog                 write the model (filters as dlib's build_fhog_filterbank makes them)
//   dlib_hog detect UPSAMPLE ADJUST IMG... one JSON line per image: dlib's detections at threshold ADJUST, boxes mapped back as
//                                          dlib's Python binding does (pyramid_down<2>::rect_down)
//   dlib_hog time UPSAMPLE RUNS IMG       median wall time of pyramid_up + detection over RUNS runs (speed anchor)
#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/image_io.h>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <algorithm>
#include <chrono>

using namespace dlib;
typedef scan_fhog_pyramid<pyramid_down<6>> scanner_t;

static void put_i32(std::ofstream& o, int32_t v) { o.write(reinterpret_cast<const char*>(&v), 4); }
static void put_f64(std::ofstream& o, double v) { o.write(reinterpret_cast<const char*>(&v), 8); }
static void put_f32(std::ofstream& o, float v) { o.write(reinterpret_cast<const char*>(&v), 4); }

static int write_model(const char* path)
{
    frontal_face_detector det = get_frontal_face_detector();
    const scanner_t& sc = det.get_scanner();
    std::ofstream o(path, std::ios::binary);
    o.write("FMHOG\0\0\1", 8);
    put_i32(o, (int32_t)sc.get_cell_size());
    put_i32(o, (int32_t)sc.get_padding());
    put_i32(o, (int32_t)sc.get_detection_window_width());
    put_i32(o, (int32_t)sc.get_detection_window_height());
    put_i32(o, (int32_t)sc.get_fhog_window_width());
    put_i32(o, (int32_t)sc.get_fhog_window_height());
    put_i32(o, (int32_t)std::min<unsigned long>(sc.get_max_pyramid_levels(), 0x7fffffff));
    put_i32(o, (int32_t)sc.get_min_pyramid_layer_width());
    put_i32(o, (int32_t)sc.get_min_pyramid_layer_height());
    put_f64(o, det.get_overlap_tester().get_iou_thresh());
    put_f64(o, det.get_overlap_tester().get_percent_covered_thresh());
    const long planes = sc.get_feature_extractor().get_num_planes();
    put_i32(o, (int32_t)planes);
    put_i32(o, (int32_t)det.num_detectors());
    for (unsigned long d = 0; d < det.num_detectors(); ++d)
    {
        const auto& w = det.get_w(d);
        put_f64(o, w(sc.get_num_dimensions()));
        auto fb = sc.build_fhog_filterbank(w);
        for (long p = 0; p < planes; ++p)
        {
            const matrix<float>& f = fb.filters[p];
            for (long r = 0; r < f.nr(); ++r)
                for (long c = 0; c < f.nc(); ++c)
                    put_f32(o, f(r, c));
            put_i32(o, (int32_t)fb.row_filters[p].size());
            for (size_t j = 0; j < fb.row_filters[p].size(); ++j)
            {
                for (long k = 0; k < fb.col_filters[p][j].size(); ++k) put_f32(o, fb.col_filters[p][j](k));
                for (long k = 0; k < fb.row_filters[p][j].size(); ++k) put_f32(o, fb.row_filters[p][j](k));
            }
        }
        std::fprintf(stderr, "detector %lu: bias %.9g, separable filters %lu\n", d, w(sc.get_num_dimensions()),
                     fb.num_separable_filters());
    }
    return o.good() ? 0 : 1;
}

static int detect(int upsample, double adjust, int argc, char** argv)
{
    frontal_face_detector det = get_frontal_face_detector();
    pyramid_down<2> pyr;
    for (int i = 0; i < argc; ++i)
    {
        array2d<rgb_pixel> img;
        load_image(img, argv[i]);
        const long w = img.nc(), h = img.nr();
        for (int u = 0; u < upsample; ++u) pyramid_up(img, pyr);
        std::vector<rect_detection> dets;
        det(img, dets, adjust);
        std::printf("{\"image\":\"%s\",\"width\":%ld,\"height\":%ld,\"scanned_width\":%ld,\"scanned_height\":%ld,\"faces\":[",
                    argv[i], w, h, img.nc(), img.nr());
        for (size_t k = 0; k < dets.size(); ++k)
        {
            rectangle s = dets[k].rect;
            rectangle m = upsample > 0 ? rectangle(pyr.rect_down(s, upsample)) : s;
            std::printf("%s{\"left\":%ld,\"top\":%ld,\"right\":%ld,\"bottom\":%ld,\"confidence\":%.17g,\"weight_index\":%lu,"
                        "\"scanned\":[%ld,%ld,%ld,%ld]}",
                        k ? "," : "", m.left(), m.top(), m.right(), m.bottom(), dets[k].detection_confidence,
                        dets[k].weight_index, s.left(), s.top(), s.right(), s.bottom());
        }
        std::printf("]}\n");
    }
    return 0;
}

static int timing(int upsample, int runs, const char* path)
{
    frontal_face_detector det = get_frontal_face_detector();
    array2d<rgb_pixel> img;
    load_image(img, path);
    std::vector<double> ms;
    size_t faces = 0;
    for (int r = 0; r < runs; ++r)
    {
        auto t0 = std::chrono::steady_clock::now();
        array2d<rgb_pixel> work;
        assign_image(work, img);
        pyramid_down<2> pyr;
        for (int u = 0; u < upsample; ++u) pyramid_up(work, pyr);
        std::vector<rect_detection> dets;
        det(work, dets, 0.0);
        faces = dets.size();
        ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    }
    std::sort(ms.begin(), ms.end());
    std::printf("{\"image\":\"%s\",\"upsample\":%d,\"runs\":%d,\"faces\":%zu,\"min_ms\":%.2f,\"median_ms\":%.2f}\n",
                path, upsample, runs, faces, ms.front(), ms[ms.size() / 2]);
    return 0;
}

int main(int argc, char** argv)
{
    try
    {
        if (argc == 3 && !std::strcmp(argv[1], "model")) return write_model(argv[2]);
        if (argc >= 4 && !std::strcmp(argv[1], "detect")) return detect(std::atoi(argv[2]), std::atof(argv[3]), argc - 4, argv + 4);
        if (argc == 5 && !std::strcmp(argv[1], "time")) return timing(std::atoi(argv[2]), std::atoi(argv[3]), argv[4]);
        std::fprintf(stderr, "usage: dlib_hog model OUT | detect UPSAMPLE ADJUST IMG... | time UPSAMPLE RUNS IMG\n");
        return 2;
    }
    catch (std::exception& e)
    {
        std::fprintf(stderr, "dlib_hog: %s\n", e.what());
        return 1;
    }
}
