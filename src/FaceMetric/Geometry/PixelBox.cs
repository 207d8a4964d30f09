namespace FaceMetric.Geometry;

/// <summary>An integer pixel rectangle: columns X..X+Width-1, rows Y..Y+Height-1.</summary>
/// <param name="X">Left column.</param>
/// <param name="Y">Top row.</param>
/// <param name="Width">Width in pixels, 1 or more.</param>
/// <param name="Height">Height in pixels, 1 or more.</param>
internal readonly record struct PixelBox(int X, int Y, int Width, int Height);
