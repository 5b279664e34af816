using Piazza.Server.Doors.Irc;

namespace Piazza.Server.Hosting;

/// <summary>The IRC door's options and settings.</summary>
internal static class IrcSetup
{
    /// <summary>The host every user's mask shows: Piazza does not publish addresses.</summary>
    public const string UserHost = "piazza";

    /// <summary>Why the IRC options disagree with the others, or null when they agree.</summary>
    public static string? CheckOptions(ServerOptions options)
    {
        if (options.IrcTlsPort is not null && !options.TlsEnabled)
        {
            return "--irc-tls-port needs a certificate: add --tls self-signed, or --tls-cert and --tls-key.";
        }

        var ports = new List<(string Name, int Port)> { ("--port", options.Port) };
        if (options.TlsPort is { } tls)
        {
            ports.Add(("--tls-port", tls));
        }

        if (options.IrcPort is { } irc)
        {
            ports.Add(("--irc-port", irc));
        }

        if (options.IrcTlsPort is { } ircTls)
        {
            ports.Add(("--irc-tls-port", ircTls));
        }

        foreach (var (name, port) in ports.Where(p => p.Name.StartsWith("--irc", StringComparison.Ordinal)))
        {
            if (port != 0 && ports.TakeWhile(p => p.Name != name).FirstOrDefault(p => p.Port == port) is { Name: not null } clash)
            {
                return $"{name} ({port}) must differ from {clash.Name} ({clash.Port}).";
            }
        }

        return null;
    }

    /// <summary>The settings every IRC connection shares.</summary>
    public static IrcSettings Settings(ServerOptions options, string version, DateTimeOffset started) =>
        new(options.IrcServerName, "Piazza", version, started, UserHost, options.MaxRoomsPerConnection, options.Timeout);
}
