using System.Net;
using System.Net.Sockets;
using Piazza.Protocol;

namespace Piazza.Server.Hosting;

/// <summary>Turns <c>--host</c> into the address to listen on.</summary>
internal static class HostAddress
{
    /// <exception cref="ServerStartException">The host breaks the rules or does not resolve.</exception>
    public static async Task<IPAddress> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        var verdict = EndpointRules.ValidateHost(host);
        if (!verdict.IsValid)
        {
            throw new ServerStartException($"--host: {verdict.Message}");
        }

        if (EndpointRules.TryParseAddress(host, out var address))
        {
            return address!;
        }

        IPAddress[] addresses;
        try
        {
            addresses = await Dns.GetHostAddressesAsync(host, cancellationToken);
        }
        catch (SocketException ex)
        {
            throw new ServerStartException($"--host: the name '{host}' does not resolve to an address ({ex.Message}).", ex);
        }

        return addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
            ?? addresses.FirstOrDefault()
            ?? throw new ServerStartException($"--host: the name '{host}' does not resolve to an address.");
    }
}
