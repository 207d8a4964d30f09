namespace FaceMetric.Benchmarks;

/// <summary>Synthetic descriptors with the geometry of dlib's: norms near 1.45, people as tight balls.</summary>
internal static class SyntheticFaces
{
    public const int Dimension = 128;

    /// <summary><paramref name="count"/> random unit directions scaled to norm 1.45, row-major.</summary>
    public static float[] RandomNormalised(int count, int seed)
    {
        var random = new Random(seed);
        float[] rows = new float[(long)count * Dimension];
        for (int i = 0; i < count; i++)
        {
            Span<float> row = rows.AsSpan(i * Dimension, Dimension);
            double norm = 0;
            for (int k = 0; k < Dimension; k++)
            {
                row[k] = (float)Gaussian(random);
                norm += row[k] * row[k];
            }

            float scale = (float)(1.45 / Math.Sqrt(norm));
            for (int k = 0; k < Dimension; k++)
            {
                row[k] *= scale;
            }
        }

        return rows;
    }

    /// <summary>
    /// <paramref name="people"/> x <paramref name="facesPerPerson"/> faces, grouped by person: a shared mean face
    /// (norm 1.2), a per-person offset of norm about 0.55 (different people about 0.87 apart) and per-face noise of
    /// norm 0.2 to 0.32 (same person 0.28 to 0.45 apart), so at 0.6 the graph is sparse, as with real faces.
    /// </summary>
    public static float[] People(int people, int facesPerPerson, int seed)
    {
        var random = new Random(seed);
        float[] mean = new float[Dimension];
        Fill(random, mean, 1.2 / Math.Sqrt(Dimension));
        float[] rows = new float[(long)people * facesPerPerson * Dimension];
        float[] person = new float[Dimension];
        for (int p = 0; p < people; p++)
        {
            Fill(random, person, 0.55 / Math.Sqrt(Dimension));
            double spread = (0.20 + (0.12 * random.NextDouble())) / Math.Sqrt(Dimension);
            for (int f = 0; f < facesPerPerson; f++)
            {
                Span<float> row = rows.AsSpan(((p * facesPerPerson) + f) * Dimension, Dimension);
                for (int k = 0; k < Dimension; k++)
                {
                    row[k] = mean[k] + person[k] + (float)(spread * Gaussian(random));
                }
            }
        }

        return rows;
    }

    private static void Fill(Random random, float[] values, double sigma)
    {
        for (int k = 0; k < values.Length; k++)
        {
            values[k] = (float)(sigma * Gaussian(random));
        }
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());
}
