using System.Net.Sockets;
using System.Text;

namespace Piazza.Server.Transport;

/// <summary>
/// sd_notify(3) by hand: one datagram to the socket systemd names in <c>$NOTIFY_SOCKET</c>
/// (<c>Type=notify</c> units), saying the server is ready, reloading or stopping. Without the
/// variable (not under systemd) it does nothing.
/// </summary>
internal static class SystemdNotifier
{
    /// <summary>The variable systemd sets for a <c>Type=notify</c> service.</summary>
    public const string Variable = "NOTIFY_SOCKET";

    /// <summary>Sends <paramref name="state"/> (<c>READY=1</c>, ...); false when there is no socket or it cannot be reached.</summary>
    public static bool Notify(string state)
    {
        var path = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(path))
        {
            return false;
        }

        // A name beginning with @ is in Linux's abstract namespace, which begins with a NUL byte.
        if (path[0] == '@')
        {
            path = "\0" + path[1..];
        }

        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            socket.Connect(new UnixDomainSocketEndPoint(path));
            socket.Send(Encoding.UTF8.GetBytes(state));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
