using System.Net;
using System.Net.Sockets;

namespace Lapor.TestKit;

public static class Ports
{
    // Below Linux's ephemeral range (32768–60999): a port the operating system hands out for listening with port 0 is
    // also the kind it gives outgoing connections, so one of the tests' own connections to PostgreSQL or an API could
    // take it between this check and the child process binding it ("address already in use"). Ports here are never
    // given to outgoing connections; each test process starts at its own random place so parallel ones rarely meet.
    private const int First = 20000;
    private const int Count = 10000;
    private static int _next = Random.Shared.Next(Count);

    /// <summary>A loopback TCP port nobody listens on right now, outside the range outgoing connections use.</summary>
    public static int Free()
    {
        for (var tries = 0; tries < Count; tries++)
        {
            var port = First + (int)((uint)Interlocked.Increment(ref _next) % Count);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken: try the next one.
            }
        }

        throw new InvalidOperationException($"No free loopback port between {First} and {First + Count - 1}.");
    }
}
