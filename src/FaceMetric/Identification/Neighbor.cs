namespace FaceMetric.Identification;

/// <summary>A stored row and its distance to a query.</summary>
internal readonly record struct Neighbor(int Row, float Distance);
