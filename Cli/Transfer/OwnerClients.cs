using ObjectStore.Cli.Commands;
using ObjectStore.Cli.Http;

namespace ObjectStore.Cli.Transfer;

/// <summary>
/// Who an import writes as. The store takes a version only from the user its <c>owner</c> names, and a partition only
/// from its owner, so a store written by several users is replayed as each of them: with --as-owners a token is minted
/// for each owner with the signing key from settings (the target store's own key); otherwise everything goes as the
/// caller, and what others own is refused.
/// </summary>
internal sealed class OwnerClients(Session session, bool asOwners) : IDisposable
{
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(12);

    private readonly Dictionary<long, StoreClient> _clients = [];

    public StoreClient For(long? owner)
    {
        if (!asOwners || owner is not { } user)
        {
            return session.Store;
        }

        if (!_clients.TryGetValue(user, out var client))
        {
            var token = TokenCommand.Mint(TokenCommand.Signing(session.Settings), user, TokenLifetime, session.Environment.Clock);
            _clients[user] = client = session.Connect(token);
        }

        return client;
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }
    }
}
