namespace FaceMetric.Tests.Analysis;

/// <summary>The C heap is trimmed after large photos on glibc, and never elsewhere or after small photos.</summary>
public sealed class NativeHeapTrimTests
{
    [Fact]
    public void ItTrimsOnGlibcAfterAPhotoOfAMegapixelOrMoreOnly()
    {
        // glibc maps libc.so.6 into the process; musl, macOS and Windows do not.
        bool glibc = OperatingSystem.IsLinux() && File.ReadAllText("/proc/self/maps").Contains("/libc.so.6", StringComparison.Ordinal);
        Assert.Equal(glibc, NativeHeapTrim.IsAvailable);

        Assert.False(NativeHeapTrim.AfterPhoto(999, 1000));
        Assert.False(NativeHeapTrim.AfterPhoto(250, 250));
        Assert.Equal(glibc, NativeHeapTrim.AfterPhoto(1000, 1000));
        Assert.Equal(glibc, NativeHeapTrim.AfterPhoto(1986, 1545));
    }
}
