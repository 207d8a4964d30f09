using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace FaceMetric.Benchmarks;

/// <summary>How many bytes of descriptor data one invocation of a benchmark reads (or copies).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BytesPerOperationAttribute(long bytes) : Attribute
{
    public long Bytes { get; } = bytes;
}

/// <summary>A column "GB/s (median)": the attribute's bytes divided by the median time (1 GB = 1e9 bytes).</summary>
public sealed class ThroughputColumn : IColumn
{
    public string Id => nameof(ThroughputColumn);

    public string ColumnName => "GB/s (median)";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Descriptor bytes per operation / median time, in 1e9 bytes per second";

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        BytesPerOperationAttribute? bytes = benchmarkCase.Descriptor.WorkloadMethod.GetCustomAttribute<BytesPerOperationAttribute>();
        double? medianNs = summary[benchmarkCase]?.ResultStatistics?.Median;
        if (bytes is null || medianNs is null or <= 0)
        {
            return "-";
        }

        return (bytes.Bytes / medianNs.Value).ToString("F2", CultureInfo.InvariantCulture);
    }
}
