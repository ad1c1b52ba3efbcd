using System.ComponentModel;

namespace ObjectStore.Silo.Http.Authentication;

/// <summary>
/// One public key of <see cref="JwtOptions.PublicKeys"/>: <c>PublicKeys:0:Key</c> and <c>PublicKeys:0:KeyId</c>, or
/// just <c>PublicKeys:0</c> for a key without an id (what the setting held before keys had ids).
/// </summary>
[TypeConverter(typeof(PublicKeyOptionsConverter))]
public sealed class PublicKeyOptions
{
    /// <summary>An RSA or EC public key: PEM text, or the path of a PEM file.</summary>
    public string? Key { get; set; }

    /// <summary>
    /// The <c>kid</c> tokens signed with this key carry, in their header or (as Allegro's multi-tenant tokens do) in
    /// their claims. A token that names a key id is checked only against the keys with that id, or, when no key has
    /// it, against the keys without one.
    /// </summary>
    public string? KeyId { get; set; }
}
