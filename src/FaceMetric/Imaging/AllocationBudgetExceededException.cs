namespace FaceMetric.Imaging;

/// <summary>Raised by <see cref="BudgetedMemoryAllocator"/> inside a decoder; <see cref="FaceImage"/> turns it into
/// <see cref="FaceImageError.AllocationTooLarge"/>. Never leaves the library.</summary>
internal sealed class AllocationBudgetExceededException : Exception
{
    public AllocationBudgetExceededException()
        : base("The image's allocation budget (ImageLimits.MaxAllocationBytes) is spent.")
    {
    }
}
