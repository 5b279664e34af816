using System.Net;
using System.Net.Sockets;

namespace Piazza.Testing;

/// <summary>Ports on 127.0.0.1 for tests that need one before anything listens.</summary>
public static class Ports
{
    /// <summary>
    /// A port that was free a moment ago: bound once and released. Nothing listens there, so
    /// connecting is refused, and a process started with it can usually bind it.
    /// </summary>
    public static int Free()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
