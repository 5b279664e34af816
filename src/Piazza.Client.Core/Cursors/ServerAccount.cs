namespace Piazza.Client.Core;

/// <summary>Whose cursors: a server and a username on it.</summary>
/// <param name="Host">The server's host, as connected to.</param>
/// <param name="Port">The server's port.</param>
/// <param name="Username">The username; compare it case-insensitively, as the server does.</param>
public sealed record ServerAccount(string Host, int Port, string Username)
{
    /// <summary>One string naming the account, usable as a key: <c>host:port/username</c>, the username lowercase.</summary>
    public string Key => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"{Host.ToLowerInvariant()}:{Port}/{Username.ToLowerInvariant()}");
}
