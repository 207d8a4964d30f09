using Microsoft.ML.OnnxRuntime;

namespace FaceMetric.Onnx;

/// <summary>Opens an <see cref="InferenceSession"/>, turning every way a model file can be bad into a <see cref="FaceModelException"/>.</summary>
internal static class SessionFactory
{
    /// <summary>Opens <paramref name="modelPath"/> with the options' settings.</summary>
    /// <param name="modelPath">The model file.</param>
    /// <param name="options">Threads, graph optimisation, execution provider.</param>
    /// <param name="boundedInputs">
    /// The network's inputs have a bounded size (fixed-size images in batches of at most a set count): ONNX Runtime's
    /// memory arena then keeps its activation buffers between runs instead of asking the system for them, and faulting
    /// them in, on every run. Off for a network whose input grows with the photo, where the arena would keep the largest
    /// photo's activations for good (the CNN detector bounds its runs by cutting large images into bands).
    /// </param>
    public static InferenceSession Open(string modelPath, InferenceOptions options, bool boundedInputs)
    {
        if (!File.Exists(modelPath))
        {
            throw new FaceModelException(modelPath, "the file does not exist (set the model path or the model directory in the options).");
        }

        using SessionOptions so = options.CreateSessionOptions(memoryArena: boundedInputs);
        try
        {
            return new InferenceSession(modelPath, so);
        }
        catch (OnnxRuntimeException e)
        {
            throw new FaceModelException(modelPath, "ONNX Runtime cannot load it (corrupt or not an ONNX model): " + e.Message, e);
        }
    }

    /// <summary>Checks that a session has the named float input/output with the given trailing dimensions.</summary>
    public static void Expect(InferenceSession session, string modelPath, bool input, string name, params int[] trailingDims)
    {
        var map = input ? session.InputMetadata : session.OutputMetadata;
        if (!map.TryGetValue(name, out NodeMetadata? meta))
        {
            throw new FaceModelException(modelPath, $"it has no {(input ? "input" : "output")} named '{name}' (not the model FaceMetric expects).");
        }

        int[] dims = meta.Dimensions;
        bool ok = meta.ElementType == typeof(float) && dims.Length == trailingDims.Length + 1;
        for (int i = 0; ok && i < trailingDims.Length; i++)
        {
            ok = dims[i + 1] == trailingDims[i];
        }

        if (!ok)
        {
            throw new FaceModelException(
                modelPath,
                $"'{name}' has shape [{string.Join(",", dims)}] of {meta.ElementType.Name}; expected float [N,{string.Join(",", trailingDims)}].");
        }
    }
}
