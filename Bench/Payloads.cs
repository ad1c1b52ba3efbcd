namespace ObjectStore.Bench;

/// <summary>Payloads as an application would send them: random bytes (ciphertext does not compress), in Base64.</summary>
public static class Payloads
{
    public static string NewBase64(int bytes)
    {
        var buffer = new byte[bytes];
        Random.Shared.NextBytes(buffer);
        return Convert.ToBase64String(buffer);
    }
}
