using ObjectStore.Objects;

namespace ObjectStore.Sequences;

/// <summary>A read of the firehose: up to <see cref="Limit"/> commits after the cursor <see cref="After"/> (from the start when null).</summary>
[GenerateSerializer, Immutable, Alias("ObjectStore.FirehoseQuery")]
public sealed record FirehoseQuery
{
    [Id(0)] public int Limit { get; init; } = PageLimits.Default;

    [Id(1)] public string? After { get; init; }

    public FirehosePosition? Validate()
    {
        PageLimits.Validate(Limit);
        return After is null ? null : FirehosePosition.ParseCursor(After, "after");
    }
}
