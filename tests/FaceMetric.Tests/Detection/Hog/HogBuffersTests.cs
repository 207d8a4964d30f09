using FaceMetric.Detection;
using FaceMetric.Detection.Hog;
using FaceMetric.Imaging;
using FaceMetric.Tests.TestSupport;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceMetric.Tests.Detection.Hog;

/// <summary>
/// The HOG detector's work buffers: small ones are pooled arrays, large ones unmanaged memory kept for reuse up to a
/// budget and freed beyond it; reused memory holds stale values, which must not change a detection.
/// </summary>
public sealed class HogBuffersTests
{
    [Fact]
    public void SmallBlocksAreArraysAndLargeOnesUnmanaged()
    {
        using var buffers = new HogBuffers();
        HogBlock<float> small = buffers.Rent<float>(1000);
        HogBlock<float> large = buffers.Rent<float>(3_000_000);
        Assert.NotNull(small.Array);
        Assert.Null(small.Chunk);
        Assert.Null(large.Array);
        Assert.NotNull(large.Chunk);
        Assert.Equal(1000, small.Span.Length);
        Assert.Equal(3_000_000, large.Span.Length);

        // The unmanaged memory is writable and readable end to end.
        large.Span.Fill(1.5f);
        Assert.Equal(1.5f, large.Span[^1]);
        buffers.Return(small);
        buffers.Return(large);
        Assert.Equal(large.Chunk!.Bytes, buffers.KeptBytes);
    }

    [Fact]
    public void AReturnedChunkIsReusedForARequestItHolds()
    {
        using var buffers = new HogBuffers();
        HogBlock<byte> first = buffers.Rent<byte>(10 << 20);
        NativeChunk chunk = first.Chunk!;
        buffers.Return(first);
        buffers.Return(first);
        Assert.Equal(chunk.Bytes, buffers.KeptBytes);

        HogBlock<float> again = buffers.Rent<float>(2 << 20);
        Assert.Same(chunk, again.Chunk);
        Assert.Equal(0, buffers.KeptBytes);

        // A chunk over twice the request is not used for it.
        buffers.Return(again);
        HogBlock<byte> smaller = buffers.Rent<byte>(4 << 20);
        Assert.NotSame(chunk, smaller.Chunk);
        buffers.Return(smaller);
    }

    [Fact]
    public void WhatIsKeptStaysWithinTheBudgetLargestFreedFirst()
    {
        using var buffers = new HogBuffers();
        long block = HogBuffers.RetainedBytes / 3;
        var blocks = Enumerable.Range(0, 5).Select(i => buffers.Rent<byte>(checked((int)(block + (i << 20))))).ToList();
        foreach (HogBlock<byte> b in blocks)
        {
            buffers.Return(b);
            Assert.InRange(buffers.KeptBytes, 0, HogBuffers.RetainedBytes);
        }

        // Each is over a third of the budget: the two smallest are kept, the others were freed.
        Assert.Equal(blocks.Take(2).Sum(b => b.Chunk!.Bytes), buffers.KeptBytes);
        Assert.Equal(IntPtr.Zero, blocks[4].Chunk!.Address);
        Assert.NotEqual(IntPtr.Zero, blocks[0].Chunk!.Address);
    }

    [Fact]
    public void DisposingFreesWhatIsKeptAndWhatComesBackLater()
    {
        var buffers = new HogBuffers();
        HogBlock<byte> kept = buffers.Rent<byte>(8 << 20), outstanding = buffers.Rent<byte>(8 << 20);
        buffers.Return(kept);
        buffers.Dispose();
        Assert.Equal(IntPtr.Zero, kept.Chunk!.Address);
        Assert.Equal(0, buffers.KeptBytes);
        buffers.Return(outstanding);
        Assert.Equal(IntPtr.Zero, outstanding.Chunk!.Address);
    }

    [Fact]
    public void ADetectorReusingItsWorkSpaceFindsTheSameFacesEveryTime()
    {
        // bald_guys.jpg upsampled once is 3,973 x 3,091: every level's buffers are unmanaged, and the second and third
        // calls get the first call's (and dogs.jpg's) memory back with its old values in it.
        using var detector = new HogFaceDetector(new HogDetectorOptions { Model = new() { Directory = System.IO.Path.Combine(Fixtures.RepoRoot, "models") } });
        using Image<Rgb24> bald = FaceImage.Load(Fixtures.Path(TestFiles.Data.BaldGuys));
        using Image<Rgb24> dogs = FaceImage.Load(Fixtures.Path(TestFiles.Data.Dogs));
        IReadOnlyList<DetectedFace> first = detector.Detect(bald);
        Assert.Equal(24, first.Count);
        _ = detector.Detect(dogs);
        Assert.Equal(first, detector.Detect(bald));
        Assert.Equal(first, detector.Detect(bald));
    }
}
