namespace Piazza.Server.Doors.Irc;

/// <summary>What every IRC connection of a server shares.</summary>
/// <param name="ServerName">The server's name in IRC prefixes and numerics (<c>piazza</c>).</param>
/// <param name="Network">The network name announced in ISUPPORT.</param>
/// <param name="Version">The server's name and version (<c>piazza/0.2</c>).</param>
/// <param name="Created">When the server started, for 003.</param>
/// <param name="Host">The host part every user's mask shows (Piazza does not publish addresses).</param>
/// <param name="MaxRoomsPerConnection">CHANLIMIT.</param>
/// <param name="Timeout">How long silence lasts before the connection is dropped.</param>
internal sealed record IrcSettings(string ServerName, string Network, string Version, DateTimeOffset Created, string Host, int MaxRoomsPerConnection, TimeSpan Timeout);
