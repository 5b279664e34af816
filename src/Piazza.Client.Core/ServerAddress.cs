using System.Globalization;
using Piazza.Protocol;

namespace Piazza.Client.Core;

/// <summary>One server of a chat served by several nodes (protocol §13).</summary>
/// <param name="Host">Its IP address or host name.</param>
/// <param name="Port">Its TCP port.</param>
public sealed record ServerAddress(string Host, int Port)
{
    /// <summary>
    /// Reads <c>host1:port,host2:port</c> (a host without a port takes <paramref name="defaultPort"/>;
    /// an IPv6 address is written in brackets, <c>[::1]:5000</c>). False, with a sentence naming
    /// the field and the rule, when one of them is not a valid address.
    /// </summary>
    public static bool TryParseList(string text, int defaultPort, out IReadOnlyList<ServerAddress> servers, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        var list = new List<ServerAddress>();
        servers = list;
        error = null;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (host, port) = Split(part, defaultPort);
            var hostCheck = EndpointRules.ValidateHost(host);
            if (!hostCheck.IsValid)
            {
                error = $"Server '{part}': {hostCheck.Message}";
                return false;
            }

            if (port is not { } number || !EndpointRules.ValidatePort(number).IsValid)
            {
                error = $"Server '{part}': the port must be a whole number from 1 to 65535.";
                return false;
            }

            list.Add(new ServerAddress(host, number));
        }

        if (list.Count == 0)
        {
            error = "Servers: at least one address is needed (host:port, several separated by commas).";
            return false;
        }

        return true;
    }

    private static (string Host, int? Port) Split(string part, int defaultPort)
    {
        if (part.StartsWith('['))
        {
            var close = part.IndexOf(']', StringComparison.Ordinal);
            if (close > 0)
            {
                var rest = part[(close + 1)..];
                return (part[1..close], rest.Length == 0 ? defaultPort : rest.StartsWith(':') ? Number(rest[1..]) : null);
            }
        }

        var colon = part.LastIndexOf(':');
        if (colon > 0 && part.IndexOf(':', StringComparison.Ordinal) == colon)
        {
            return (part[..colon], Number(part[(colon + 1)..]));
        }

        return (part, defaultPort);
    }

    private static int? Number(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
}
