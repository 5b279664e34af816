using Microsoft.Extensions.Logging;
using Piazza.Server.Chat;
using Piazza.Server.Transport;

namespace Piazza.Server.Doors.Irc;

/// <summary>What every IRC connection of one server shares: settings, the IRC users' directory and the two event formats.</summary>
internal sealed class IrcDoor
{
    public IrcDoor(ChatHub chat, IrcSettings settings, ILogger logger)
    {
        Chat = chat;
        Settings = settings;
        Logger = logger;
        Directory = new IrcDirectory();
        Plain = IrcFormat.Plain(settings, Directory);
        Tagged = IrcFormat.Tagged(settings, Directory);
        Ping = IrcLine.Write(null, null, "PING", settings.ServerName);
        TooSlow = IrcLine.Write(null, null, "ERROR", "Closing link: the connection did not keep up (send queue exceeded)");
        Shutdown = IrcLine.Write(null, null, "ERROR", "Closing link: the server is shutting down");
        chat.Members.Presence += (person, online) =>
        {
            foreach (var connection in Directory.All)
            {
                connection.OnPresence(person, online);
            }
        };
    }

    public ChatHub Chat { get; }

    public IrcSettings Settings { get; }

    public ILogger Logger { get; }

    public IrcDirectory Directory { get; }

    public IrcFormat Plain { get; }

    public IrcFormat Tagged { get; }

    public byte[] Ping { get; }

    public byte[] TooSlow { get; }

    public byte[] Shutdown { get; }

    /// <summary>A new connection's door.</summary>
    public IrcConnection Open(Link link) => new(link, this);
}
