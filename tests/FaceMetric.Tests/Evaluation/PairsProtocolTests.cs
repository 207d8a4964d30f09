using System.IO.Compression;
using FaceMetric.Evaluation;
using FaceMetric.Tests.TestSupport;

namespace FaceMetric.Tests.Evaluation;

public sealed class PairsProtocolTests
{
    private const string Root = "/data/lfw";

    [Fact]
    public void ReadsViewOneDevTrain()
    {
        PairsProtocol p = PairsProtocol.Load(Fixtures.Path(TestFiles.Data.PairsDevTrain), Root);

        Assert.True(p.IsSingleSplit);
        Assert.Equal(1, p.FoldCount);
        Assert.Equal(1100, p.PairsPerClass);
        Assert.Equal(2200, p.Pairs.Count);
        Assert.Equal(1100, p.Pairs.Count(x => x.IsSame));
        Assert.All(p.Pairs.Take(1100), x => Assert.True(x.IsSame));
        Assert.All(p.Pairs, x => Assert.Equal(0, x.Fold));

        // First matched line "Aaron_Peirsol 1 2", first mismatched line "AJ_Cook 1 Marsha_Thomason 1".
        ImagePair first = p.Pairs[0];
        Assert.Equal("Aaron_Peirsol_0001", first.ImageA);
        Assert.Equal("Aaron_Peirsol_0002", first.ImageB);
        Assert.Equal(Path.Combine(Root, "Aaron_Peirsol", "Aaron_Peirsol_0001.jpg"), first.PathA);
        ImagePair mismatched = p.Pairs[1100];
        Assert.False(mismatched.IsSame);
        Assert.Equal("AJ_Cook_0001", mismatched.ImageA);
        Assert.Equal(Path.Combine(Root, "Marsha_Thomason", "Marsha_Thomason_0001.jpg"), mismatched.PathB);
    }

    [Fact]
    public void ReadsViewOneDevTest()
    {
        PairsProtocol p = PairsProtocol.Load(Fixtures.Path(TestFiles.Data.PairsDevTest), Root);

        Assert.True(p.IsSingleSplit);
        Assert.Equal(1000, p.Pairs.Count);
        Assert.Equal(500, p.Pairs.Count(x => x.IsSame));
        Assert.Equal(500, p.Pairs.Count(x => !x.IsSame));
    }

    [Fact]
    public void ViewOneNamesExactlyTheImagesDlibDescribed()
    {
        // The reference harness ran dlib on "every LFW View 1 image": the union of both files' images.
        PairsProtocol train = PairsProtocol.Load(Fixtures.Path(TestFiles.Data.PairsDevTrain), Root);
        PairsProtocol test = PairsProtocol.Load(Fixtures.Path(TestFiles.Data.PairsDevTest), Root);
        var described = new HashSet<string>(DlibLfwDescriptors.Load().Keys);

        var named = new HashSet<string>(train.Pairs.Concat(test.Pairs).SelectMany(x => new[] { x.ImageA, x.ImageB }));

        Assert.Equal(4992, described.Count);
        Assert.True(named.SetEquals(described));
        Assert.Equal(train.Images.Count, train.Pairs.SelectMany(x => new[] { x.PathA, x.PathB }).Distinct().Count());
    }

    [Fact]
    public void ReadsViewTwo()
    {
        PairsProtocol p = PairsProtocol.Load(Fixtures.Path(TestFiles.Data.Pairs), Root);

        Assert.False(p.IsSingleSplit);
        Assert.Equal(10, p.FoldCount);
        Assert.Equal(300, p.PairsPerClass);
        Assert.Equal(6000, p.Pairs.Count);
        for (int fold = 0; fold < 10; fold++)
        {
            ImagePair[] inFold = p.Pairs.Skip(fold * 600).Take(600).ToArray();
            Assert.All(inFold, x => Assert.Equal(fold, x.Fold));
            Assert.All(inFold.Take(300), x => Assert.True(x.IsSame));
            Assert.All(inFold.Skip(300), x => Assert.False(x.IsSame));
        }

        // The LFW README: 7,701 distinct images in pairs.txt.
        Assert.Equal(7701, p.Images.Count);
        Assert.Equal("Abel_Pacheco_0001", p.Pairs[0].ImageA);
        Assert.Equal("Abel_Pacheco_0004", p.Pairs[0].ImageB);
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("abc\n", 1)]
    [InlineData("1 2 3\n", 1)]
    [InlineData("0\n", 1)]
    [InlineData("-1\n", 1)]
    [InlineData("1\nA 1 2 3\nB 1 C 2\n", 2)]
    [InlineData("1\nA 1 x\nB 1 C 2\n", 2)]
    [InlineData("1\nA 1 0\nB 1 C 2\n", 2)]
    [InlineData("1\nA 1 2\nB 1 C\n", 3)]
    [InlineData("1\nA 1 2\nB 1 B 2\n", 3)]
    [InlineData("1\nA 1 2\n", 3)]
    [InlineData("2\nA 1 2\nB 1 2\nA 1 B 1\n", 5)]
    [InlineData("1\nA 1 2\nB 1 C 2\nD 1 2\n", 4)]
    [InlineData("1\n../etc 1 2\nB 1 C 2\n", 2)]
    [InlineData("1\nA/b 1 2\nB 1 C 2\n", 2)]
    [InlineData("2 1\nA 1 2\nB 1 C 2\nD 1 2\n", 5)]
    public void MalformedFilesNameTheLine(string text, int line)
    {
        var ex = Assert.Throws<PairsFileException>(() => PairsProtocol.Parse(new StringReader(text), Root, "test.txt"));

        Assert.Equal(line, ex.LineNumber);
        Assert.Equal("test.txt", ex.FilePath);
        Assert.StartsWith(line > 0 ? $"test.txt, line {line}:" : "test.txt:", ex.Message);
        Assert.IsAssignableFrom<FaceMetricException>(ex);
    }

    [Fact]
    public void AcceptsSpacesCarriageReturnsAndTrailingBlankLines()
    {
        PairsProtocol p = PairsProtocol.Parse(new StringReader("1\r\nA  1 2\r\nB\t1 C 12\r\n\r\n\n"), Root);

        Assert.Equal(2, p.Pairs.Count);
        Assert.Equal("C_0012", p.Pairs[1].ImageB);
    }

    [Fact]
    public void MissingFileIsATypedError()
    {
        string missing = Path.Combine(Fixtures.Root, "no-such-pairs.txt");

        var ex = Assert.Throws<PairsFileException>(() => PairsProtocol.Load(missing, Root));

        Assert.Equal(0, ex.LineNumber);
        Assert.IsAssignableFrom<IOException>(ex.InnerException);
    }
}

/// <summary>dlib's descriptors of every LFW View 1 image (reference/dlib/lfw_view1_descriptors.tsv.gz).</summary>
internal static class DlibLfwDescriptors
{
    private static readonly Lazy<Dictionary<string, float[]>> Cache = new(Read);

    public static IReadOnlyDictionary<string, float[]> Load() => Cache.Value;

    private static Dictionary<string, float[]> Read()
    {
        var result = new Dictionary<string, float[]>(StringComparer.Ordinal);
        using var file = File.OpenRead(Fixtures.Path(TestFiles.Reference.LfwView1DescriptorsTsv));
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            if (line.StartsWith('#'))
            {
                continue;
            }

            string[] f = line.Split('\t');
            Assert.Equal(130, f.Length);
            result.Add(f[0], f.Skip(2).Select(v => float.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        }

        return result;
    }
}
