using FaceMetric.Onnx;
using FaceMetric.Detection;
using FaceMetric.Landmarks;

namespace FaceMetric.Tests.TestSupport;

/// <summary>One detector (default options), one upsampling detector and one landmark detector for the whole test run.</summary>
public sealed class SharedDetectors : IDisposable
{
    public SharedDetectors()
    {
        Detector = new SsdFaceDetector(new SsdDetectorOptions { Model = new ModelOptions { FilePath = Fixtures.Model(SsdFaceDetector.DefaultModelFileName) } });
        Upsampling = new SsdFaceDetector(new SsdDetectorOptions { Model = new ModelOptions { FilePath = Fixtures.Model(SsdFaceDetector.DefaultModelFileName) }, Upsample = 1 });
        Landmarks = new OnnxLandmarkDetector(new LandmarkDetectorOptions { Model = new ModelOptions { FilePath = Fixtures.Model(OnnxLandmarkDetector.DefaultModelFileName) } });
    }

    public SsdFaceDetector Detector { get; }

    public SsdFaceDetector Upsampling { get; }

    public OnnxLandmarkDetector Landmarks { get; }

    public void Dispose()
    {
        Detector.Dispose();
        Upsampling.Dispose();
        Landmarks.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class DetectorCollection : ICollectionFixture<SharedDetectors>
{
    public const string Name = "detectors";
}
