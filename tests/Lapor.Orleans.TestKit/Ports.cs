using System.Net;
using System.Net.Sockets;

namespace Lapor.TestKit;

public static class Ports
{
    /// <summary>A loopback TCP port nobody listens on right now (the operating system's choice).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
