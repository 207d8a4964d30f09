using FaceMetric.Imaging;
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

        using Image<Rgb24> stored = Image.Load<Rgb24>(jpeg); // as stored, not oriented
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
}
