namespace ObjectStore.Silo.Http;

/// <summary>
/// Limits of the HTTP API (section <c>Http</c>), enforced while a body is read, before it is buffered whole; checked
/// by <see cref="HttpApiOptionsValidator"/>.
/// </summary>
public sealed class HttpApiOptions
{
    public const string SectionName = "Http";

    /// <summary>
    /// The largest body of a request that carries one object or a partition upsert. Larger than
    /// <c>ObjectStore:MaxObjectBytes</c> by default, since a body need not be in the compact canonical form.
    /// </summary>
    public long MaxRequestBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>The largest body of <c>POST /objects/transaction</c>.</summary>
    public long MaxTransactionRequestBytes { get; set; } = 32 * 1024 * 1024;
}
