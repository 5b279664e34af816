using System.Net;

namespace Piazza.Client.Hosting;

/// <summary>The local UI listens on loopback only: nobody on the network may reach it.</summary>
public static class UrlRules
{
    /// <summary>Null when <paramref name="url"/> is acceptable, else a sentence naming the option and the rule.</summary>
    public static string? Validate(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        const string Rule = "--urls takes http://127.0.0.1:PORT (or another loopback address such as http://[::1]:PORT); port 0 picks a free port.";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !string.Equals(uri.Scheme, Uri.UriSchemeHttp, StringComparison.Ordinal))
        {
            return $"'{url}' is not an http:// address. {Rule}";
        }

        if (uri.AbsolutePath != "/" || !string.IsNullOrEmpty(uri.Query))
        {
            return $"'{url}' has a path or query; give only scheme, host and port. {Rule}";
        }

        if (string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return uri.Port == 0
                ? $"'{url}': a free port can only be picked on an address, not on localhost. {Rule}"
                : null;
        }

        if (!IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) || !IPAddress.IsLoopback(address))
        {
            return $"'{url}' is not a loopback address; the client's UI must not be reachable from other machines. {Rule}";
        }

        return null;
    }
}
