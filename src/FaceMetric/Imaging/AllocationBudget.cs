namespace FaceMetric.Imaging;

/// <summary>
/// The bytes one image's decoding may still allocate through ImageSharp (<see cref="ImageLimits.MaxAllocationBytes"/>).
/// Installed for the current async flow by <see cref="Enter"/>; <see cref="BudgetedMemoryAllocator"/> charges it.
/// Thread-safe (decoders may allocate from parallel loops).
/// </summary>
internal sealed class AllocationBudget : IDisposable
{
    private static readonly AsyncLocal<AllocationBudget?> CurrentBudget = new();

    private readonly AllocationBudget? _previous;
    private long _remaining;

    private AllocationBudget(long bytes)
    {
        _remaining = bytes;
        _previous = CurrentBudget.Value;
        CurrentBudget.Value = this;
    }

    /// <summary>The budget of the decoding in progress on this flow; null outside one (allocations are then not limited).</summary>
    public static AllocationBudget? Current => CurrentBudget.Value;

    /// <summary>True once an allocation was refused.</summary>
    public bool Exceeded { get; private set; }

    /// <summary>Starts a budget of <paramref name="bytes"/> for this flow, until disposed.</summary>
    public static AllocationBudget Enter(long bytes) => new(bytes);

    /// <summary>Takes <paramref name="bytes"/> from the budget.</summary>
    /// <exception cref="AllocationBudgetExceededException">The budget does not hold them.</exception>
    public void Charge(long bytes)
    {
        if (Interlocked.Add(ref _remaining, -bytes) < 0)
        {
            Exceeded = true;
            throw new AllocationBudgetExceededException();
        }
    }

    /// <summary>Ends the budget; the flow's previous one (if any) applies again.</summary>
    public void Dispose() => CurrentBudget.Value = _previous;
}
