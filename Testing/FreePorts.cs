using System.Net;
using System.Net.Sockets;

namespace ObjectStore.Testing;

/// <summary>
/// Ports for servers a test starts in another process or binds later. Asking the system for port 0 gives one from the
/// ephemeral range, which the same system also hands to outgoing connections (to PostgreSQL, between silos): in the time
/// between picking a port and the server binding it, a connection can take it ("address already in use"). So ports
/// come from below that range, chosen at random and checked free by binding them.
/// </summary>
public static class FreePorts
{
    // Linux's ephemeral range starts at 32768 by default; ports below 10000 are where system services tend to live.
    private const int First = 10_000;
    private const int Last = 32_000;

    public static int Next()
    {
        for (var attempt = 0; attempt < 1_000; attempt++)
        {
            var port = Random.Shared.Next(First, Last);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken; try another.
            }
        }

        throw new InvalidOperationException($"No free port between {First} and {Last} after 1000 tries.");
    }
}
