namespace FaceMetric.People;

/// <summary>One person in memory: id, name and member faces.</summary>
internal sealed class PersonRecord(long id, string? name)
{
    /// <summary>The person's database id.</summary>
    public long Id { get; } = id;

    /// <summary>The user's name for them, or null.</summary>
    public string? Name { get; set; } = name;

    /// <summary>Member faces by row.</summary>
    public SortedSet<int> FaceRows { get; } = [];
}
