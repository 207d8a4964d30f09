using System.Globalization;
using FaceMetric.Embedding;
using FaceMetric.Identification;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace FaceMetric.Fuzz;

/// <summary>
/// Writes each target's seed corpus from the repository's fixtures (deterministically: the same files every time).
/// Seeds are kept small (AFL mutates faster and finds more on small inputs): real JPEGs as they are, and crops of a real
/// photo re-encoded in every format FaceImage reads.
/// </summary>
public static class SeedCorpus
{
    /// <summary>Writes the seeds of every target under <paramref name="output"/>/TARGET/.</summary>
    /// <param name="repoRoot">The repository root (holding FaceMetric.sln).</param>
    /// <param name="output">The corpus root.</param>
    public static void Write(string repoRoot, string output)
    {
        string fixtures = Path.Combine(repoRoot, "tests", "FaceMetric.Tests", "Fixtures");
        string Dir(string target) => Directory.CreateDirectory(Path.Combine(output, target)).FullName;

        // jpeg: two real photos' small crops re-encoded (4:2:0 colour, and grey), plus a real camera JPEG's header
        // structure on a tiny crop.
        string photo = Path.Combine(fixtures, "data", "face_recognition", "examples", "obama_small.jpg");
        using Image<Rgb24> source = SixLabors.ImageSharp.Image.Load<Rgb24>(photo);
        using Image<Rgb24> crop = source.Clone(x => x.Crop(new Rectangle(source.Width / 3, source.Height / 4, 40, 40)));
        string jpeg = Dir("jpeg");
        crop.SaveAsJpeg(Path.Combine(jpeg, "crop420.jpg"), new JpegEncoder { Quality = 75, ColorType = JpegColorType.YCbCrRatio420 });
        crop.SaveAsJpeg(Path.Combine(jpeg, "crop444.jpg"), new JpegEncoder { Quality = 90, ColorType = JpegColorType.YCbCrRatio444 });
        crop.SaveAsJpeg(Path.Combine(jpeg, "grey.jpg"), new JpegEncoder { Quality = 50, ColorType = JpegColorType.Luminance });

        // image: the same crop in every format, plus the JPEGs.
        string image = Dir("image");
        foreach (string file in Directory.GetFiles(jpeg))
        {
            File.Copy(file, Path.Combine(image, Path.GetFileName(file)), overwrite: true);
        }

        using Image<Rgb24> tiny = crop.Clone(x => x.Resize(16, 16));
        tiny.SaveAsPng(Path.Combine(image, "crop.png"), new PngEncoder());
        tiny.SaveAsBmp(Path.Combine(image, "crop.bmp"), new BmpEncoder());
        tiny.SaveAsWebp(Path.Combine(image, "lossless.webp"), new WebpEncoder { FileFormat = WebpFileFormatType.Lossless });
        tiny.SaveAsWebp(Path.Combine(image, "lossy.webp"), new WebpEncoder { FileFormat = WebpFileFormatType.Lossy });
        tiny.SaveAsGif(Path.Combine(image, "crop.gif"), new GifEncoder());
        tiny.SaveAsTiff(Path.Combine(image, "crop.tiff"), new TiffEncoder());

        // gallery: three of dlib's reference descriptors (bald_guys) under two labels.
        string[] lines = File.ReadAllLines(Path.Combine(fixtures, "reference", "dlib", "cw", "bald24_t05.desc.txt"));
        using (var gallery = new FaceGallery())
        {
            for (int i = 1; i <= 3; i++)
            {
                float[] values = lines[i].Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]
                    .Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray();
                gallery.Enroll(i == 3 ? "b" : "a", new FaceDescriptor(values));
            }

            gallery.Save(Path.Combine(Dir("gallery"), "three.gallery"));
        }

        // hog: the shipped model.
        File.Copy(Path.Combine(repoRoot, "models", "dlib_frontal_face_detector.hog"), Path.Combine(Dir("hog"), "frontal.hog"), overwrite: true);

        // shape: the head of dlib's shape predictor when it is installed (libdlib-data; 95 MB, not in the repository).
        const string ShapePredictor = "/usr/share/dlib/shape_predictor_68_face_landmarks.dat";
        string shape = Dir("shape");
        if (File.Exists(ShapePredictor))
        {
            using FileStream head = File.OpenRead(ShapePredictor);
            byte[] bytes = new byte[16384];
            head.ReadExactly(bytes);
            File.WriteAllBytes(Path.Combine(shape, "head16k.dat"), bytes);
        }

        File.WriteAllBytes(Path.Combine(shape, "version.dat"), [1, 0, 0, 0]);

        // pairs: the first lines of LFW's View 1 file and of facenet's View 2 file.
        string pairs = Dir("pairs");
        File.WriteAllLines(Path.Combine(pairs, "view1.txt"), File.ReadLines(Path.Combine(fixtures, "data", "lfw", "pairsDevTest.txt")).Take(6));
        File.WriteAllLines(Path.Combine(pairs, "view2.txt"), File.ReadLines(Path.Combine(fixtures, "data", "facenet", "data", "pairs.txt")).Take(6));
    }
}
