using System.Security.Cryptography;
using System.Text;
using ObjectStore.Objects;

namespace ObjectStore.Tests.Infrastructure;

/// <summary>Hashes a test names by a text, for rows it writes into a store's tables itself.</summary>
public static class TestHashes
{
    public static Hash Of(string text) => Hash.FromDigest(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
