using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace FaceMetric.Benchmarks;

/// <summary>A percentile of the measured time per operation divided by the batch size: milliseconds per face.</summary>
internal sealed class PerFaceColumn(int percentile) : IColumn
{
    public string Id => $"{nameof(PerFaceColumn)}.P{percentile}";

    public string ColumnName => $"ms/face p{percentile}";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Statistics;

    public int PriorityInCategory => percentile;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => $"p{percentile} of the time per call divided by the batch size, in milliseconds";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        var stats = summary[benchmarkCase]?.ResultStatistics;
        if (stats is null)
        {
            return "NA";
        }

        object? batch = benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == "Batch")?.Value;
        int faces = batch is int b ? b : 1;
        return (stats.Percentiles.Percentile(percentile) / 1e6 / faces).ToString("F2", System.Globalization.CultureInfo.InvariantCulture);
    }

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
