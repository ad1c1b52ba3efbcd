namespace ObjectStore.Administration;

/// <summary>
/// Who administers the store (section <c>ObjectStore:Administrators</c>): the users who may see what spans every
/// partition or reaches into the silos, such as the whole store's sequence of commits and the Orleans Dashboard.
/// Checked by <see cref="AdministratorOptionsValidator"/>.
/// </summary>
public sealed class AdministratorOptions
{
    public const string SectionName = "ObjectStore:Administrators";

    /// <summary>The administrators' user ids (the user id claim of their bearer tokens). Empty by default: nobody.</summary>
    public List<long> UserIds { get; set; } = [];

    public bool IsAdministrator(long userId) => UserIds.Contains(userId);
}
