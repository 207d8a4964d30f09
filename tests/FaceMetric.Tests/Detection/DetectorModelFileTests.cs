using FaceMetric.Onnx;
using FaceMetric.Detection;
using FaceMetric.Landmarks;
using FaceMetric.Tests.TestSupport;

namespace FaceMetric.Tests.Detection;

/// <summary>Bad model files give a <see cref="FaceModelException"/> naming the file, never a crash.</summary>
public sealed class DetectorModelFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("facemetric-detect-").FullName;

    [Fact]
    public void AMissingDetectorModelIsAFaceModelException()
    {
        string path = Path.Combine(_folder, "absent.onnx");
        var e = Assert.Throws<FaceModelException>(() => new SsdFaceDetector(new SsdDetectorOptions { Model = new ModelOptions { FilePath = path } }));
        Assert.Equal(path, e.ModelPath);
    }

    [Fact]
    public void AMissingModelDirectoryNamesTheDefaultFile()
    {
        var e = Assert.Throws<FaceModelException>(() => new SsdFaceDetector(new SsdDetectorOptions { Model = new ModelOptions { Directory = _folder } }));
        Assert.Equal(Path.Combine(_folder, SsdFaceDetector.DefaultModelFileName), e.ModelPath);
    }

    [Fact]
    public void ACorruptDetectorModelIsAFaceModelException()
    {
        string path = Truncated(SsdFaceDetector.DefaultModelFileName);
        Assert.Throws<FaceModelException>(() => new SsdFaceDetector(new SsdDetectorOptions { Model = new ModelOptions { FilePath = path } }));
    }

    [Fact]
    public void TheLandmarkModelIsRejectedAsADetector()
    {
        string path = Fixtures.Model(OnnxLandmarkDetector.DefaultModelFileName);
        var e = Assert.Throws<FaceModelException>(() => new SsdFaceDetector(new SsdDetectorOptions { Model = new ModelOptions { FilePath = path } }));
        Assert.Contains("input", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingLandmarkModelIsAFaceModelException()
    {
        string path = Path.Combine(_folder, "absent.onnx");
        var e = Assert.Throws<FaceModelException>(() => new OnnxLandmarkDetector(new LandmarkDetectorOptions { Model = new ModelOptions { FilePath = path } }));
        Assert.Equal(path, e.ModelPath);
    }

    [Fact]
    public void ACorruptLandmarkModelIsAFaceModelException()
    {
        string path = Truncated(OnnxLandmarkDetector.DefaultModelFileName);
        Assert.Throws<FaceModelException>(() => new OnnxLandmarkDetector(new LandmarkDetectorOptions { Model = new ModelOptions { FilePath = path } }));
    }

    [Fact]
    public void TheDetectorModelIsRejectedAsALandmarkModel()
    {
        string path = Fixtures.Model(SsdFaceDetector.DefaultModelFileName);
        Assert.Throws<FaceModelException>(() => new OnnxLandmarkDetector(new LandmarkDetectorOptions { Model = new ModelOptions { FilePath = path } }));
    }

    [Fact]
    public void ATextFileIsNotAModel()
    {
        string path = Path.Combine(_folder, "notes.onnx");
        File.WriteAllText(path, "not an ONNX model");
        Assert.Throws<FaceModelException>(() => new SsdFaceDetector(new SsdDetectorOptions { Model = new ModelOptions { FilePath = path } }));
        Assert.Throws<FaceModelException>(() => new OnnxLandmarkDetector(new LandmarkDetectorOptions { Model = new ModelOptions { FilePath = path } }));
    }

    [Theory]
    [InlineData(-0.1f, 0.5f, 100, 0, 4)]
    [InlineData(1f, 0.5f, 100, 0, 4)]
    [InlineData(0.5f, 0f, 100, 0, 4)]
    [InlineData(0.5f, 1.5f, 100, 0, 4)]
    [InlineData(0.5f, 0.5f, 0, 0, 4)]
    [InlineData(0.5f, 0.5f, 100, -1, 4)]
    [InlineData(0.5f, 0.5f, 100, SsdDetectorOptions.MaxUpsample + 1, 4)]
    [InlineData(0.5f, 0.5f, 100, 0, 0)]
    public void OutOfRangeOptionsAreRejectedBeforeTheModelIsOpened(float minScore, float iou, int maxResults, int upsample, int batch)
    {
        var options = new SsdDetectorOptions
        {
            Model = new ModelOptions { FilePath = Path.Combine(_folder, "never-opened.onnx") },
            MinScore = minScore,
            IouThreshold = iou,
            MaxResults = maxResults,
            Upsample = upsample,
            MaxBatchSize = batch,
        };
        Assert.Throws<ArgumentOutOfRangeException>(() => new SsdFaceDetector(options));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>The first half of a real model: a damaged download.</summary>
    private string Truncated(string modelFile)
    {
        byte[] bytes = File.ReadAllBytes(Fixtures.Model(modelFile));
        string path = Path.Combine(_folder, "truncated-" + modelFile);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        return path;
    }
}
