using FaceMetric.Onnx;
using FaceMetric.Embedding;

namespace FaceMetric.Tests.TestSupport;

/// <summary>One embedder for the whole test run (created once, as the library intends).</summary>
public sealed class SharedEmbedder : IDisposable
{
    public SharedEmbedder() => Embedder = new OnnxFaceEmbedder(new FaceEmbedderOptions { Model = new ModelOptions { FilePath = Fixtures.Model("dlib_face_recognition_resnet_model_v1.onnx") } });

    public OnnxFaceEmbedder Embedder { get; }

    public void Dispose() => Embedder.Dispose();
}

[CollectionDefinition(Name)]
public sealed class EmbedderCollection : ICollectionFixture<SharedEmbedder>
{
    public const string Name = "embedder";
}
