namespace FaceMetric.Detection.Cnn;

/// <summary>
/// Rows of one image's tiled pyramid (<see cref="TiledPyramid"/>), written band by band without the whole tiled image
/// ever being held: the same floats as <see cref="TiledPyramid.Fill"/>, which is this with one band.
/// </summary>
/// <remarks>
/// <para>Level 0 is made from the image's bytes row by row. The next <see cref="LevelsMadeOnDemand"/> levels are made
/// on demand, each row from its two rows of the level above (<see cref="DlibFloatBilinearResize.ResizeRow"/>), which are
/// made the same way; the rest, about a third of the pyramid's pixels, are resized once when the writer is created and
/// kept. A large photo's tiled image was the CNN detector's largest array and most of its page faults (dogs.jpg upsampled:
/// 145 MB, cleared in 0.5 s on a 2-core VM, a third of the detection); now the kept levels take about 30% of that and
/// each band's rows are written into a buffer of the band's size.</para>
/// <para>Not thread-safe (the on-demand levels cache their last rows): one writer per image and thread.</para>
/// </remarks>
internal sealed class TiledPyramidRows
{
    /// <summary>Levels after level 0 made on demand rather than kept: rows of level k cost the rows above them up to level
    /// 0 again each time they are written, and the kept levels k + 1 on are 0.69^(k + 1) / 0.31 of level 0's pixels.</summary>
    internal const int LevelsMadeOnDemand = 2;

    private readonly TiledPyramid _layout;
    private readonly Level[][] _channels;

    /// <summary>Prepares the rows of <paramref name="image"/>'s tiled pyramid (the image is read, not copied; keep it unchanged).</summary>
    /// <param name="layout">The tiled layout of an image of <paramref name="image"/>'s size.</param>
    /// <param name="image">The image, level 0.</param>
    /// <param name="means">The mean subtracted from each channel (red, green, blue) before the division by 256.</param>
    public TiledPyramidRows(TiledPyramid layout, RgbRaster image, ReadOnlySpan<float> means)
    {
        _layout = layout;
        _channels = new Level[3][];
        IReadOnlyList<Geometry.PixelRect> rects = layout.Levels;

        // One resize plan per level, shared by the three channels.
        var resizes = new DlibFloatBilinearResize[rects.Count];
        for (int l = 1; l < rects.Count; l++)
        {
            resizes[l] = new DlibFloatBilinearResize((int)rects[l - 1].Width, (int)rects[l - 1].Height, (int)rects[l].Width, (int)rects[l].Height);
        }

        for (int ch = 0; ch < 3; ch++)
        {
            var levels = new Level[rects.Count];
            for (int l = 0; l < rects.Count; l++)
            {
                levels[l] = l == 0
                    ? Level.FromImage(image, ch, means[ch])
                    : Level.Resized(levels[l - 1], resizes[l], keep: l > LevelsMadeOnDemand);
            }

            _channels[ch] = levels;
        }
    }

    /// <summary>
    /// Writes tiled rows <paramref name="top"/> to <paramref name="top"/> + <paramref name="rows"/> - 1 into
    /// <paramref name="band"/> as [3, rows, <see cref="TiledPyramid.Cols"/>] planar RGB, zero outside the levels.
    /// </summary>
    public void Write(int top, int rows, Span<float> band)
    {
        int cols = _layout.Cols, plane = rows * cols;
        band = band[..(3 * plane)];
        band.Clear();
        IReadOnlyList<Geometry.PixelRect> rects = _layout.Levels;
        for (int ch = 0; ch < 3; ch++)
        {
            Span<float> p = band.Slice(ch * plane, plane);
            for (int l = 0; l < rects.Count; l++)
            {
                Geometry.PixelRect rect = rects[l];
                long from = Math.Max(top, rect.Top), to = Math.Min(top + rows - 1L, rect.Bottom);
                for (long y = from; y <= to; y++)
                {
                    _channels[ch][l].Row((int)(y - rect.Top)).CopyTo(p.Slice((int)(((y - top) * cols) + rect.Left), (int)rect.Width));
                }
            }
        }
    }

    /// <summary>One channel of one pyramid level: its rows, made from the image, made on demand from the level above
    /// (the last four cached), or kept whole.</summary>
    private sealed class Level
    {
        private const int CachedRows = 4;

        private readonly int _width;
        private readonly RgbRaster? _image;
        private readonly int _channel;
        private readonly float _mean;
        private readonly Level? _above;
        private readonly DlibFloatBilinearResize? _resize;
        private readonly float[] _rows;
        private readonly int[] _cachedRow = [-1, -1, -1, -1];
        private readonly bool _kept;

        private Level(int width, int height, RgbRaster? image, int channel, float mean, Level? above, DlibFloatBilinearResize? resize, bool keep)
        {
            _width = width;
            _image = image;
            _channel = channel;
            _mean = mean;
            _above = above;
            _resize = resize;
            _kept = keep;
            _rows = new float[(long)width * (keep ? height : CachedRows)];
            if (keep)
            {
                for (int r = 0; r < height; r++)
                {
                    Make(r, _rows.AsSpan(r * width, width));
                }
            }
        }

        public static Level FromImage(RgbRaster image, int channel, float mean) =>
            new(image.Width, image.Height, image, channel, mean, null, null, keep: false);

        public static Level Resized(Level above, DlibFloatBilinearResize resize, bool keep) =>
            new(resize.OutputColumns, resize.OutputRows, null, 0, 0, above, resize, keep);

        /// <summary>Row <paramref name="r"/>; valid until this level is asked for four other rows.</summary>
        public ReadOnlySpan<float> Row(int r)
        {
            if (_kept)
            {
                return _rows.AsSpan(r * _width, _width);
            }

            int slot = r & (CachedRows - 1);
            Span<float> row = _rows.AsSpan(slot * _width, _width);
            if (_cachedRow[slot] != r)
            {
                Make(r, row);
                _cachedRow[slot] = r;
            }

            return row;
        }

        private void Make(int r, Span<float> row)
        {
            if (_image is { } image)
            {
                // dlib: (img(r,c).red - avg_red) / 256.0 — the difference in float, the division exact.
                ReadOnlySpan<byte> pixels = image.Pixels[((r * image.Stride) + _channel)..];
                for (int c = 0, s = 0; c < row.Length; c++, s += 3)
                {
                    row[c] = (pixels[s] - _mean) / 256f;
                }

                return;
            }

            var (top, bottom) = _resize!.SourceRows(r);
            _resize.ResizeRow(r, _above!.Row(top), _above.Row(bottom), row);
        }
    }
}
