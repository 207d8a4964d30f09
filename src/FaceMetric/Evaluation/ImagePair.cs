namespace FaceMetric.Evaluation;

/// <summary>One pair of a verification protocol: two images and whether they show the same person.</summary>
/// <param name="ImageA">LFW identifier of the first image, <c>Name_0001</c> (name and 4-digit number).</param>
/// <param name="ImageB">LFW identifier of the second image.</param>
/// <param name="PathA">Path of the first image: <c>root/Name/Name_0001.jpg</c>.</param>
/// <param name="PathB">Path of the second image.</param>
/// <param name="IsSame">True for a matched pair (same person), false for a mismatched pair.</param>
/// <param name="Fold">0-based fold (set) the pair belongs to; always 0 in a single-split (View 1) file.</param>
public readonly record struct ImagePair(string ImageA, string ImageB, string PathA, string PathB, bool IsSame, int Fold);
