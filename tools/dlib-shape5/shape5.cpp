// Trains and runs the small 5-point shape predictor FaceMetric's tests use, with dlib 19.24's own
// shape_predictor_trainer (dlib/image_processing/shape_predictor_trainer.h) and shape_predictor. Build: see train.sh.
//
//   shape5 train TRAIN.xml OUT.dat                 train on an imglab dataset (paths relative to the XML's folder)
//   shape5 predict MODEL.dat TEST.xml CHIPDIR      one JSON document on stdout: per test face, dlib's box, sp(img, box)
//                                                  and get_face_chip_details(shape, 150, 0.25); the 150x150 chip of each
//                                                  (extract_image_chip) written as CHIPDIR/<index>.png
#include <dlib/image_processing.h>
#include <dlib/image_io.h>
#include <dlib/data_io.h>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>

using namespace dlib;

static int train(const char* xml, const char* out)
{
    dlib::array<array2d<unsigned char>> images;
    std::vector<std::vector<full_object_detection>> shapes;
    load_image_dataset(images, shapes, xml);
    shape_predictor_trainer trainer;
    // Small on purpose (the model is committed): few cascades, shallow trees.
    trainer.set_cascade_depth(6);
    trainer.set_tree_depth(3);
    trainer.set_num_trees_per_cascade_level(40);
    trainer.set_nu(0.1);
    trainer.set_oversampling_amount(20);
    trainer.set_feature_pool_size(200);
    trainer.set_num_test_splits(20);
    trainer.set_num_threads(2);
    shape_predictor sp = trainer.train(images, shapes);
    std::fprintf(stderr, "mean training error (fraction of interocular distance): %.6f\n",
                 test_shape_predictor(sp, images, shapes, std::vector<std::vector<double>>()));
    serialize(out) << sp;
    return 0;
}

static int predict(const char* model, const char* xml, const std::string& chipDir)
{
    shape_predictor sp;
    deserialize(model) >> sp;
    dlib::image_dataset_file source(xml);
    std::vector<std::vector<full_object_detection>> truth;
    dlib::array<array2d<rgb_pixel>> images;
    load_image_dataset(images, truth, source);
    image_dataset_metadata::dataset meta;
    load_image_dataset_metadata(meta, xml);
    std::printf("{\"generator\":\"tools/dlib-shape5/shape5.cpp predict (dlib 19.24 shape_predictor, get_face_chip_details(shape, 150, 0.25), extract_image_chip; Debian libdlib-dev)\",\"faces\":[");
    int n = 0;
    for (size_t i = 0; i < images.size(); ++i)
    {
        for (auto& t : truth[i])
        {
            rectangle box = t.get_rect();
            full_object_detection shape = sp(images[i], box);
            chip_details d = get_face_chip_details(shape, 150, 0.25);
            array2d<rgb_pixel> chip;
            extract_image_chip(images[i], d, chip);
            save_png(chip, chipDir + "/" + std::to_string(n) + ".png");
            std::printf("%s{\"image\":\"%s\",\"box\":[%ld,%ld,%ld,%ld],\"parts\":[", n ? "," : "", meta.images[i].filename.c_str(),
                        box.left(), box.top(), box.right(), box.bottom());
            for (unsigned long p = 0; p < shape.num_parts(); ++p)
                std::printf("%s[%ld,%ld]", p ? "," : "", shape.part(p).x(), shape.part(p).y());
            std::printf("],\"chip\":{\"rect\":[%.17g,%.17g,%.17g,%.17g],\"angle\":%.17g,\"rows\":%lu,\"cols\":%lu},\"chip_png\":\"%d.png\"}\n",
                        d.rect.left(), d.rect.top(), d.rect.right(), d.rect.bottom(), d.angle, d.rows, d.cols, n);
            ++n;
        }
    }
    std::printf("]}\n");
    return 0;
}

int main(int argc, char** argv)
{
    try
    {
        if (argc == 4 && !std::strcmp(argv[1], "train")) return train(argv[2], argv[3]);
        if (argc == 5 && !std::strcmp(argv[1], "predict")) return predict(argv[2], argv[3], argv[4]);
        std::fprintf(stderr, "usage: shape5 train TRAIN.xml OUT.dat | shape5 predict MODEL.dat TEST.xml CHIPDIR\n");
        return 2;
    }
    catch (std::exception& e)
    {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
}
