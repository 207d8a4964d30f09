using FaceMetric.Imaging;
using FaceMetric.Imaging.Jpeg;
using FaceMetric.Tests.TestSupport;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceMetric.Tests.Imaging;

public sealed class FaceImageOrientationTests
{
    [Theory]
    [InlineData(6)] // rotate 90 degrees clockwise to display
    [InlineData(8)] // rotate 90 degrees counter-clockwise to display
    [InlineData(3)] // rotate 180 degrees
    public void ExifOrientationIsApplied(ushort orientation)
    {
        // None of the real photos carries an orientation other than 1, so write the tag into a real JPEG.
        byte[] jpeg;
        using (var photo = Image.Load<Rgb24>(Fixtures.Path(FaceImageFormatTests.Jpeg)))
        {
            photo.Metadata.ExifProfile = new ExifProfile();
            photo.Metadata.ExifProfile.SetValue(ExifTag.Orientation, orientation);
            using var output = new MemoryStream();
            photo.Save(output, new JpegEncoder { Quality = 95 });
            jpeg = output.ToArray();
        }

        // As stored, not oriented: the same libjpeg-exact decode FaceImage uses, without the orientation step.
        using Image<Rgb24> stored = LibjpegDecoder.TryDecode(jpeg) ?? throw new InvalidOperationException("the JPEG did not decode");
        using Image<Rgb24> shown = FaceImage.Load(jpeg);
        int w = stored.Width, h = stored.Height;
        Assert.Equal(orientation == 3 ? (w, h) : (h, w), (shown.Width, shown.Height));
        for (int y = 0; y < shown.Height; y += 3)
        {
            for (int x = 0; x < shown.Width; x += 3)
            {
                // Where displayed pixel (x, y) comes from in the stored image.
                (int sx, int sy) = orientation switch
                {
                    6 => (y, h - 1 - x),
                    8 => (w - 1 - y, x),
                    _ => (w - 1 - x, h - 1 - y),
                };
                Assert.Equal(stored[sx, sy], shown[x, y]);
            }
        }
    }

    [Fact]
    public void JpegsDecodeToLibjpegsPixelsUnlessImageSharpIsAsked()
    {
        // dlib's own decode of bald_guys.jpg (libjpeg-turbo defaults), PNG-stored in the reference.
        string jpeg = Fixtures.Path(TestFiles.Data.BaldGuys);
        using Image<Rgb24> dlib = Image.Load<Rgb24>(Fixtures.Path(TestFiles.Reference.BaldGuysDecoded));
        using Image<Rgb24> ours = FaceImage.Load(jpeg);
        using Image<Rgb24> imageSharp = FaceImage.Load(jpeg, new ImageLimits { JpegDecoding = JpegDecoding.ImageSharp });
        Assert.True(SamePixels(dlib, ours), "the default decode differs from dlib's");
        Assert.False(SamePixels(dlib, imageSharp), "ImageSharp's decode was expected to differ from libjpeg's");
    }

    private static bool SamePixels(Image<Rgb24> a, Image<Rgb24> b)
    {
        if (a.Width != b.Width || a.Height != b.Height)
        {
            return false;
        }

        for (int y = 0; y < a.Height; y++)
        {
            for (int x = 0; x < a.Width; x++)
            {
                if (a[x, y] != b[x, y])
                {
                    return false;
                }
            }
        }

        return true;
    }
}
