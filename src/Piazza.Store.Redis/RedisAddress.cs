using StackExchange.Redis;

namespace Piazza.Store.Redis;

/// <summary>
/// A Redis URL as <c>--store</c> takes it: <c>redis://HOST:PORT</c>, with an optional user and
/// password (<c>redis://:secret@host:6379</c>, <c>redis://user:secret@host</c>), a database number
/// (<c>/2</c>), and <c>rediss://</c> for TLS.
/// </summary>
public sealed record RedisAddress(string Host, int Port, string? User, string? Password, int Database, bool Tls)
{
    /// <summary>The port when the URL names none: Redis's own.</summary>
    public const int DefaultPort = 6379;

    /// <summary>True when <paramref name="text"/> starts like a Redis URL (either scheme, any case).</summary>
    public static bool IsRedisUrl(string text) =>
        text.StartsWith("redis://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("rediss://", StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses a Redis URL; false with a sentence naming the rule when it is not one.</summary>
    public static bool TryParse(string text, out RedisAddress? address, out string? error)
    {
        address = null;
        error = null;
        if (!IsRedisUrl(text) || !Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            error = $"--store must be sqlite, memory or a Redis URL such as redis://host:6379 ('{text}' is not).";
            return false;
        }

        var tls = uri.Scheme.Equals("rediss", StringComparison.OrdinalIgnoreCase);
        var port = uri.IsDefaultPort || uri.Port <= 0 ? DefaultPort : uri.Port;
        string? user = null, password = null;
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            var rawUser = colon < 0 ? uri.UserInfo : uri.UserInfo[..colon];
            var rawPassword = colon < 0 ? null : uri.UserInfo[(colon + 1)..];
            user = rawUser.Length > 0 ? Uri.UnescapeDataString(rawUser) : null;
            password = string.IsNullOrEmpty(rawPassword) ? null : Uri.UnescapeDataString(rawPassword);
            if (colon < 0)
            {
                // redis://secret@host: a lone user-info part is the password, as redis-cli reads it.
                (user, password) = (null, user);
            }
        }

        var database = 0;
        var path = uri.AbsolutePath.Trim('/');
        if (path.Length > 0 && (!int.TryParse(path, out database) || database < 0))
        {
            error = $"--store: the database in a Redis URL must be a number of 0 or more ('{path}' is not).";
            return false;
        }

        address = new RedisAddress(uri.Host.Trim('[', ']'), port, user, password, database, tls);
        return true;
    }

    /// <summary>The client's settings: reconnect by itself, fail fast while Redis is gone (nothing queued).</summary>
    public ConfigurationOptions ToConfiguration()
    {
        var options = new ConfigurationOptions
        {
            AbortOnConnectFail = false,
            BacklogPolicy = BacklogPolicy.FailFast,
            ConnectTimeout = 3000,
            SyncTimeout = 5000,
            AsyncTimeout = 5000,
            ConnectRetry = 1,
            KeepAlive = 5,
            ReconnectRetryPolicy = new LinearRetry(500),
            DefaultDatabase = Database,
            User = User,
            Password = Password,
            Ssl = Tls,
            ClientName = "piazza",
        };
        options.EndPoints.Add(Host, Port);
        return options;
    }

    /// <summary>The address for logs: never the password.</summary>
    public override string ToString() => $"{(Tls ? "rediss" : "redis")}://{Host}:{Port}{(Database != 0 ? $"/{Database}" : "")}";
}
