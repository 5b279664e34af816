using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Piazza.Server.Tests;

/// <summary>Addresses of this machine, for tests that need to connect from somewhere other than loopback.</summary>
internal static class LocalAddresses
{
    /// <summary>An IPv4 address of an interface that is up and is not loopback, or null when there is none.</summary>
    public static IPAddress? NonLoopbackIPv4() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
}
