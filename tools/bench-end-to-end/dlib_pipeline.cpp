// dlib's own end-to-end face pipeline, the C++ side of tools/bench-end-to-end.sh: for every photo, decode (dlib's
// load_image: libjpeg / libpng), pyramid_up once, get_frontal_face_detector() (HOG) at threshold 0, boxes mapped back
// to the photo (pyramid_down<2>::rect_down(rect, 1), rounded, as dlib's Python binding and face_recognition do), the 68-point shape
// predictor, get_face_chip_details(shape, 150, 0.25) + extract_image_chips; then the face recognition ResNet
// (anet_type of dlib's examples/dnn_face_recognition_ex.cpp) on all chips, net(chips, 16).
//
// The recognition weights do not change the cost of a forward pass, so the network runs as constructed (dlib sets it
// up on the first call) unless a .dat is given with --net. The program prints one line per photo (path, face count,
// boxes) so the bench can check that both sides found the same faces, and a last line of per-stage seconds.
//
//   dlib_pipeline SHAPE_PREDICTOR.dat LIST.txt [--net NET.dat]
#include <dlib/dnn.h>
#include "../dlib-net/anet_type.h"
#include <dlib/image_io.h>
#include <dlib/image_processing.h>
#include <dlib/image_processing/frontal_face_detector.h>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

using namespace dlib;

using facemetric_dlib::anet_type;

using clock_type = std::chrono::steady_clock;
static double since(clock_type::time_point t) { return std::chrono::duration<double>(clock_type::now() - t).count(); }

int main(int argc, char** argv)
{
    if (argc != 3 && !(argc == 5 && std::string(argv[3]) == "--net"))
    {
        std::fprintf(stderr, "usage: dlib_pipeline SHAPE_PREDICTOR.dat LIST.txt [--net NET.dat]\n");
        return 2;
    }

    auto start = clock_type::now();
    frontal_face_detector detector = get_frontal_face_detector();
    shape_predictor sp;
    deserialize(argv[1]) >> sp;
    anet_type net;
    if (argc == 5) deserialize(argv[4]) >> net;
    double load = since(start);

    std::ifstream list(argv[2]);
    std::vector<std::string> paths;
    for (std::string line; std::getline(list, line);)
        if (!line.empty()) paths.push_back(line);

    double decode = 0, detect = 0, landmarks = 0, chip = 0;
    std::vector<matrix<rgb_pixel>> chips;
    pyramid_down<2> pyr;
    for (const std::string& path : paths)
    {
        auto t = clock_type::now();
        matrix<rgb_pixel> img;
        try { load_image(img, path); }
        catch (std::exception& e) { std::printf("%s\terror\t%s\n", path.c_str(), e.what()); continue; }
        decode += since(t);

        t = clock_type::now();
        matrix<rgb_pixel> up;
        pyramid_up(img, up, pyr);
        std::vector<rectangle> faces = detector(up);
        for (rectangle& r : faces) r = rectangle(pyr.rect_down(r, 1)); // as dlib's Python binding maps them back
        detect += since(t);

        t = clock_type::now();
        std::vector<full_object_detection> shapes;
        for (const rectangle& r : faces) shapes.push_back(sp(img, r));
        landmarks += since(t);

        t = clock_type::now();
        std::vector<chip_details> details;
        for (const full_object_detection& s : shapes) details.push_back(get_face_chip_details(s, 150, 0.25));
        dlib::array<matrix<rgb_pixel>> cut;
        extract_image_chips(img, details, cut);
        for (auto& c : cut) chips.push_back(std::move(c));
        chip += since(t);

        std::printf("%s\t%zu", path.c_str(), faces.size());
        for (const rectangle& r : faces) std::printf("\t%ld,%ld,%ld,%ld", r.left(), r.top(), r.right(), r.bottom());
        std::printf("\n");
    }

    auto t = clock_type::now();
    std::vector<matrix<float, 0, 1>> descriptors = net(chips, 16);
    double embed = since(t);
    std::printf("# stages_s load %.4f decode %.4f detect %.4f landmarks %.4f chip %.4f embed %.4f faces %zu photos %zu\n",
                load, decode, detect, landmarks, chip, embed, descriptors.size(), paths.size());
    return 0;
}
