using System.Collections.Concurrent;

namespace Piazza.Server.Doors.Irc;

/// <summary>
/// What the IRC door knows of its own users that the chat does not: the user name and real name
/// each gave in <c>USER</c>, and its away message. Keyed by Piazza name (lowercase). Other people
/// (Piazza clients) have none, and show their name as user name.
/// </summary>
internal sealed class IrcDirectory
{
    private readonly ConcurrentDictionary<string, IrcConnection> _connections = new(StringComparer.Ordinal);

    /// <summary>An IRC connection registered under <paramref name="key"/> (for an account, the newest of its IRC sessions).</summary>
    public void Add(string key, IrcConnection connection) => _connections[key] = connection;

    /// <summary>The connection left; its entry goes unless another connection holds the name now.</summary>
    public void Remove(string key, IrcConnection connection) =>
        _connections.TryRemove(new KeyValuePair<string, IrcConnection>(key, connection));

    /// <summary>The IRC connection of a name, if it has one.</summary>
    public IrcConnection? Find(string name) => _connections.GetValueOrDefault(name.ToLowerInvariant());

    /// <summary>The IRC connections registered now.</summary>
    public IEnumerable<IrcConnection> All => _connections.Values;

    /// <summary>The user name shown in a mask for <paramref name="name"/>.</summary>
    public string UserOf(string name) => Find(name)?.UserName ?? "~" + Truncate(IrcNames.ToNick(name).ToLowerInvariant(), 10);

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];
}
