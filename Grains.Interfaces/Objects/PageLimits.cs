namespace ObjectStore.Objects;

/// <summary>Limits shared by every paged query.</summary>
public static class PageLimits
{
    public const int Max = 100;
    public const int Default = 100;

    /// <summary>
    /// The limit a page is served with: <see cref="Default"/> when none is asked, at most <see cref="Max"/>. A larger
    /// limit is not refused (Allegro asks for 2000): the page holds <see cref="Max"/> and an <c>after</c> cursor leads on.
    /// </summary>
    public static int Served(int? limit) => Math.Min(limit ?? Default, Max);

    public static void Validate(int limit)
    {
        if (limit is < 1 or > Max)
        {
            throw new Errors.InvalidInputException($"'limit' must be between 1 and {Max}, was {limit}.");
        }
    }
}
