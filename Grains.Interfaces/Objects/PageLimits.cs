namespace ObjectStore.Objects;

/// <summary>Limits shared by every paged query.</summary>
public static class PageLimits
{
    public const int Max = 100;
    public const int Default = 100;

    public static void Validate(int limit)
    {
        if (limit is < 1 or > Max)
        {
            throw new Errors.InvalidInputException($"'limit' must be between 1 and {Max}, was {limit}.");
        }
    }
}
