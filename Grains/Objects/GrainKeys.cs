namespace ObjectStore.Objects;

/// <summary>
/// Grains keyed by a hash accept only its standard spelling: a second spelling would be a second activation with
/// its own cache (of permissions, of the current version) that no writer keeps up to date.
/// </summary>
public static class GrainKeys
{
    /// <summary>The hash the key spells, or null when it is not a hash in standard padded Base64.</summary>
    public static Hash? CanonicalHash(string key) => Hash.TryParse(key, out var hash) && hash.Value == key ? hash : null;
}
