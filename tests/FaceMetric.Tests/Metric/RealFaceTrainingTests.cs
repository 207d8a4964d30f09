using FaceMetric.Onnx;
using FaceMetric.Embedding;
using FaceMetric.Imaging;
using FaceMetric.Metric;
using FaceMetric.Tests.TestSupport;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit.Abstractions;

namespace FaceMetric.Tests.Metric;

/// <summary>
/// Training the last layer on real faces: face-api.js's Big Bang Theory grayscale crops (8 people x 5), one image per
/// person held out; and the retrained model written as ONNX and loaded back by the embedder.
/// </summary>
[Collection(EmbedderCollection.Name)]
public sealed class RealFaceTrainingTests(SharedEmbedder shared, ITestOutputHelper output)
{
    private static readonly string[] People = ["amy", "bernadette", "howard", "leonard", "penny", "raj", "sheldon", "stuart"];

    private (float[] Features, int[] Labels, int[] Image) BigBangTheoryFeatures()
    {
        var chips = new byte[People.Length * 5 * 150 * 150 * 3];
        var labels = new int[People.Length * 5];
        var image = new int[People.Length * 5];
        int k = 0;
        for (int p = 0; p < People.Length; p++)
        {
            for (int i = 1; i <= 5; i++, k++)
            {
                using Image<Rgb24> chip = FaceImage.Load(Fixtures.Path($"data/face-api.js/examples/images/{People[p]}/{People[p]}{i}.png"));
                Assert.Equal((150, 150), (chip.Width, chip.Height));
                chip.CopyPixelDataTo(chips.AsSpan(k * 150 * 150 * 3, 150 * 150 * 3));
                labels[k] = p;
                image[k] = i;
            }
        }

        return (shared.Embedder.ExtractFeatures(chips, labels.Length), labels, image);
    }

    private static float[] Project(float[] features, ReadOnlySpan<float> w, int rows)
    {
        var y = new float[rows * 128];
        for (int r = 0; r < rows; r++)
        {
            for (int i = 0; i < 256; i++)
            {
                float x = features[(r * 256) + i];
                for (int j = 0; j < 128; j++)
                {
                    y[(r * 128) + j] += x * w[(i * 128) + j];
                }
            }
        }

        return y;
    }

    /// <summary>Held-out images identified by their nearest training image, and the loss over all 40 faces.</summary>
    private static (double HeldOutAccuracy, double Loss) Evaluate(float[] embeddings, int[] labels, int[] image)
    {
        int right = 0, heldOut = 0;
        for (int q = 0; q < labels.Length; q++)
        {
            if (image[q] != 5)
            {
                continue;
            }

            heldOut++;
            int best = -1;
            float bestD = float.MaxValue;
            for (int t = 0; t < labels.Length; t++)
            {
                if (image[t] == 5)
                {
                    continue;
                }

                float d = System.Numerics.Tensors.TensorPrimitives.Distance(embeddings.AsSpan(q * 128, 128), embeddings.AsSpan(t * 128, 128));
                if (d < bestD)
                {
                    (bestD, best) = (d, t);
                }
            }

            right += labels[best] == labels[q] ? 1 : 0;
        }

        double loss = new MetricLoss().ComputeLossAndGradient(embeddings, 128, labels, new float[embeddings.Length]);
        return ((double)right / heldOut, loss);
    }

    [Fact]
    public void TheShippedFcIsWhatMapsFeaturesToDescriptors()
    {
        float[] w = ProjectionModel.ReadWeights(Fixtures.Model("dlib_face_recognition_resnet_model_v1.onnx"));
        var (features, _, _) = BigBangTheoryFeatures();
        float[] projected = Project(features, w, 1);
        using Image<Rgb24> chip = FaceImage.Load(Fixtures.Path("data/face-api.js/examples/images/amy/amy1.png"));
        FaceDescriptor d = shared.Embedder.Embed(chip);
        Assert.True(new FaceDescriptor(projected).DistanceTo(d) < 1e-4f);
    }

    [Fact]
    public void TrainingOnBigBangTheoryCropsDoesNotHurtHeldOutImagesAndTheModelLoadsBack()
    {
        string shipped = Fixtures.Model("dlib_face_recognition_resnet_model_v1.onnx");
        float[] w0 = ProjectionModel.ReadWeights(shipped);
        var (features, labels, image) = BigBangTheoryFeatures();
        var before = Evaluate(Project(features, w0, labels.Length), labels, image);

        // Train on images 1-4 of each person; image 5 is never seen.
        int[] train = Enumerable.Range(0, labels.Length).Where(i => image[i] != 5).ToArray();
        float[] trainFeatures = train.SelectMany(i => features.AsSpan(i * 256, 256).ToArray()).ToArray();
        int[] trainLabels = train.Select(i => labels[i]).ToArray();
        var trainer = new ProjectionTrainer(new ProjectionTrainerOptions { HoldOut = ProjectionHoldOut.Samples, PeoplePerBatch = 8, SamplesPerPerson = 3, LearningRate = 0.01, Margin = 0.1f });
        ProjectionTrainingResult result = trainer.Train(trainFeatures, trainLabels, w0, 128);
        var after = Evaluate(Project(features, result.Weights, labels.Length), labels, image);
        foreach (var e in result.History)
        {
            output.WriteLine($"epoch {e.Epoch}: lr {e.LearningRate} train {e.TrainLoss:F5} held-out {e.HeldOutLoss:F5} acc {e.HeldOutPairAccuracy:F3}");
        }

        output.WriteLine($"held-out 1-NN accuracy {before.HeldOutAccuracy:P1} -> {after.HeldOutAccuracy:P1}; loss over all 40 faces {before.Loss:F5} -> {after.Loss:F5}; best epoch {result.BestEpoch} of {result.History.Count - 1} ({result.StopReason})");
        Assert.True(after.HeldOutAccuracy >= before.HeldOutAccuracy);
        Assert.True(after.Loss <= before.Loss);

        // The trained W as a new ONNX model that the embedder loads like the shipped one.
        string path = Path.Combine(Path.GetTempPath(), $"facemetric-retrained-{Guid.NewGuid():N}.onnx");
        try
        {
            ProjectionModel.WriteWithWeights(shipped, result.Weights, path, "test: Big Bang Theory crops");
            Assert.Equal(result.ToWeightArray(), ProjectionModel.ReadWeights(path));
            using var retrained = new OnnxFaceEmbedder(new FaceEmbedderOptions { Model = new ModelOptions { FilePath = path } });
            using Image<Rgb24> chip = FaceImage.Load(Fixtures.Path("data/face-api.js/examples/images/raj/raj5.png"));
            int raj5 = Array.FindIndex(labels, l => l == 5) + 4;
            float[] expected = Project(features.AsSpan(raj5 * 256, 256).ToArray(), result.Weights, 1);
            Assert.True(retrained.Embed(chip).DistanceTo(new FaceDescriptor(expected)) < 1e-4f);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ANonRecognitionModelIsRefusedByTheProjectionReader()
    {
        Assert.Throws<FaceModelException>(() => ProjectionModel.ReadWeights(Fixtures.Model("face_landmark_68.onnx")));
        Assert.Throws<FaceModelException>(() => ProjectionModel.ReadWeights(Fixtures.Path("reference/dlib/chips/bald_guys_face0.png")));
        Assert.Throws<ArgumentException>(() => ProjectionModel.WriteWithWeights(Fixtures.Model("dlib_face_recognition_resnet_model_v1.onnx"), new float[10], Path.GetTempFileName()));
    }
}
