namespace FaceMetric.People;

/// <summary>A row of an <see cref="IFaceIndex"/> and its distance to a query.</summary>
/// <param name="Row">The row.</param>
/// <param name="Distance">Euclidean distance to the query.</param>
internal readonly record struct IndexNeighbor(int Row, float Distance);
