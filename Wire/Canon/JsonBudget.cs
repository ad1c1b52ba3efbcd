namespace ObjectStore.Objects;

/// <summary>
/// What parsing one body may cost, checked token by token before any document or canonical output is built.
/// </summary>
/// <param name="MaxValues">The most JSON values (scalars, arrays and objects) in one object.</param>
/// <param name="MaxCanonicalBytes">The largest canonical form of one object.</param>
/// <param name="MaxObjects">The most objects in the body: 1, or a transaction's limit.</param>
/// <param name="ObjectDepth">The depth of the objects: 0 for a body that is one object, 1 for a transaction's array.</param>
public sealed record JsonBudget(int MaxValues, long MaxCanonicalBytes, int MaxObjects, int ObjectDepth);
