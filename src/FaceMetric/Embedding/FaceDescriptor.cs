using System.Globalization;
using System.Numerics.Tensors;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FaceMetric.Embedding;

/// <summary>
/// A 128-dimensional face descriptor as produced by dlib's face recognition ResNet.
/// Immutable: the values are copied in on construction and never change.
/// </summary>
/// <remarks>
/// Descriptors are not L2-normalised (dlib's norms are about 1.4 to 1.5). Two descriptors belong to the same
/// person, by dlib's rule, when their Euclidean distance is below 0.6. Equality is exact, component by
/// component (bitwise on the float values, so NaN never occurs: construction refuses non-finite values).
/// Thread-safe: instances can be shared freely.
/// </remarks>
[JsonConverter(typeof(FaceDescriptorJsonConverter))]
public sealed class FaceDescriptor : IEquatable<FaceDescriptor>
{
    /// <summary>The number of components of every descriptor: 128.</summary>
    public const int Length = 128;

    private readonly float[] _values;

    /// <summary>Creates a descriptor from 128 finite values (copied).</summary>
    /// <param name="values">Exactly <see cref="Length"/> finite floats.</param>
    /// <exception cref="ArgumentException">The length is not 128 or a value is NaN or infinite.</exception>
    public FaceDescriptor(ReadOnlySpan<float> values)
    {
        if (values.Length != Length)
        {
            throw new ArgumentException($"A face descriptor has {Length} values; got {values.Length}.", nameof(values));
        }

        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                throw new ArgumentException($"Face descriptor value {i} is {values[i]}; every value must be finite.", nameof(values));
            }
        }

        _values = values.ToArray();
    }

    /// <summary>The 128 values, read-only.</summary>
    public ReadOnlySpan<float> Values => _values;

    /// <summary>The Euclidean (L2) norm of the descriptor.</summary>
    public float Norm => TensorPrimitives.Norm(_values);

    /// <summary>Creates a descriptor from an array (copied). Same rules as the constructor.</summary>
    /// <param name="values">Exactly 128 finite floats.</param>
    /// <returns>The new descriptor.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> is null.</exception>
    /// <exception cref="ArgumentException">The length is not 128 or a value is not finite.</exception>
    public static FaceDescriptor FromArray(float[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new FaceDescriptor(values);
    }

    /// <summary>Returns a new array holding a copy of the 128 values.</summary>
    /// <returns>A fresh array the caller owns.</returns>
    public float[] ToArray() => (float[])_values.Clone();

    /// <summary>Copies the 128 values into <paramref name="destination"/>.</summary>
    /// <param name="destination">A span of at least 128 floats.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
    public void CopyTo(Span<float> destination)
    {
        if (destination.Length < Length)
        {
            throw new ArgumentException($"Destination needs {Length} floats; got {destination.Length}.", nameof(destination));
        }

        _values.CopyTo(destination);
    }

    /// <summary>The Euclidean distance to another descriptor (dlib's <c>length(a - b)</c>).</summary>
    /// <param name="other">The other descriptor.</param>
    /// <returns>The distance, 0 or more.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    public float DistanceTo(FaceDescriptor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return TensorPrimitives.Distance(_values, other._values);
    }

    /// <summary>Serialises the descriptor as a JSON array of 128 numbers (round-trip exact).</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => JsonSerializer.Serialize(this);

    /// <summary>Parses a descriptor from a JSON array of 128 numbers.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The descriptor.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="JsonException">The text is not an array of 128 finite numbers.</exception>
    public static FaceDescriptor FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return JsonSerializer.Deserialize<FaceDescriptor>(json)
            ?? throw new JsonException("Expected a JSON array of 128 numbers, got null.");
    }

    /// <inheritdoc />
    public bool Equals(FaceDescriptor? other) =>
        other is not null && (ReferenceEquals(this, other) || _values.AsSpan().SequenceEqual(other._values));

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is FaceDescriptor other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (float v in _values)
        {
            hash.Add(v);
        }

        return hash.ToHashCode();
    }

    /// <summary>A short human-readable summary (norm and the first values).</summary>
    /// <returns>The summary text.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"FaceDescriptor(norm={Norm:F4}, [{_values[0]:F4}, {_values[1]:F4}, {_values[2]:F4}, ...])");

    /// <summary>Value equality.</summary>
    /// <param name="left">A descriptor or null.</param>
    /// <param name="right">A descriptor or null.</param>
    /// <returns>True when both are null or hold the same values.</returns>
    public static bool operator ==(FaceDescriptor? left, FaceDescriptor? right) =>
        left is null ? right is null : left.Equals(right);

    /// <summary>Value inequality.</summary>
    /// <param name="left">A descriptor or null.</param>
    /// <param name="right">A descriptor or null.</param>
    /// <returns>True when the values differ.</returns>
    public static bool operator !=(FaceDescriptor? left, FaceDescriptor? right) => !(left == right);
}
