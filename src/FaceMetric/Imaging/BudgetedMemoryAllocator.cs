using System.Buffers;
using System.Runtime.CompilerServices;
using SixLabors.ImageSharp.Memory;

namespace FaceMetric.Imaging;

/// <summary>
/// ImageSharp's default allocator, charging every buffer to the <see cref="AllocationBudget"/> of the decoding in
/// progress (if any), so that no decoder can allocate past <see cref="ImageLimits.MaxAllocationBytes"/> whatever its
/// header said. Thread-safe; one shared instance.
/// </summary>
internal sealed class BudgetedMemoryAllocator : MemoryAllocator
{
    private readonly MemoryAllocator _inner = Default;

    private BudgetedMemoryAllocator()
    {
    }

    /// <summary>The shared instance every <see cref="ImageLimits"/> configuration uses.</summary>
    public static BudgetedMemoryAllocator Instance { get; } = new();

    /// <inheritdoc />
    public override IMemoryOwner<T> Allocate<T>(int length, AllocationOptions options = AllocationOptions.None)
    {
        AllocationBudget.Current?.Charge((long)length * Unsafe.SizeOf<T>());
        return _inner.Allocate<T>(length, options);
    }

    /// <inheritdoc />
    public override void ReleaseRetainedResources() => _inner.ReleaseRetainedResources();

    /// <inheritdoc />
    protected override int GetBufferCapacityInBytes() => int.MaxValue;
}
