using Piazza.Store;

namespace Piazza.Server;

/// <summary>
/// Everything the server can be told. Each property names the command-line option that sets it;
/// the defaults are the contract's (docs/protocol.md §2, §4, §6, §7, §9).
/// </summary>
public sealed record ServerOptions
{
    /// <summary>The address or name to listen on (<c>--host</c>).</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>The TCP port (<c>--port</c>); 0 picks a free one (tests).</summary>
    public int Port { get; init; } = 5000;

    /// <summary>Open connections in all (<c>--max-connections</c>).</summary>
    public int MaxConnections { get; init; } = 10_000;

    /// <summary>Open connections per remote address, loopback exempt (<c>--max-connections-per-ip</c>).</summary>
    public int MaxConnectionsPerIp { get; init; } = 64;

    /// <summary>Frames a client may send at once before flood control slows it (<c>--rate-burst</c>).</summary>
    public double RateBurst { get; init; } = 10;

    /// <summary>Frames per second a client earns back (<c>--rate-per-second</c>).</summary>
    public double RatePerSecond { get; init; } = 5;

    /// <summary>Bytes that may wait in one client's outbound queue (<c>--sendq-bytes</c>).</summary>
    public int SendQueueBytes { get; init; } = 1_048_576;

    /// <summary>Silence after which the server pings (<c>--ping-interval</c>).</summary>
    public TimeSpan PingInterval { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Silence after which a connection is given up with reason <c>timeout</c> (<c>--timeout</c>).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Time a new connection has to join (<c>--hello-timeout</c>).</summary>
    public TimeSpan HelloTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Recent messages replayed to a member joining without a cursor (<c>--history</c>).</summary>
    public int History { get; init; } = 50;

    /// <summary>A socket that accepts nothing for this long is evicted as <c>slow</c> (<c>--send-timeout</c>).</summary>
    public TimeSpan SendTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>On shutdown, how long writers may flush before connections are cut (<c>--shutdown-grace</c>).</summary>
    public TimeSpan ShutdownGrace { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Where history is kept: <c>sqlite</c> (a file in <see cref="DataDir"/>) or <c>memory</c> (<c>--store</c>).</summary>
    public string Store { get; init; } = StoreNames.Sqlite;

    /// <summary>
    /// The data directory (<c>--data-dir</c>); null means <c>$PIAZZA_DATA_DIR</c>, else the
    /// platform's per-user data folder (<c>~/.local/share/piazza</c> on Linux).
    /// </summary>
    public string? DataDir { get; init; }

    /// <summary>How durable a commit is: <c>full</c> survives a power loss, <c>normal</c> a crash of the process (<c>--sync</c>).</summary>
    public SyncMode Sync { get; init; } = SyncMode.Full;

    /// <summary>Events older than this many days are removed; 0 keeps them (<c>--retention-days</c>).</summary>
    public int RetentionDays { get; init; }

    /// <summary>A room keeps at most this many events; 0 keeps them all (<c>--retention-events</c>).</summary>
    public long RetentionEvents { get; init; }

    /// <summary>The most events replayed after a cursor (<c>--replay-max</c>).</summary>
    public int ReplayMax { get; init; } = 1000;

    /// <summary>The room a version 1 client joins (<c>--default-room</c>).</summary>
    public string DefaultRoom { get; init; } = "#piazza";

    /// <summary>Rooms one connection may be in (<c>--max-rooms-per-connection</c>).</summary>
    public int MaxRoomsPerConnection { get; init; } = 100;

    /// <summary>Rooms the server holds (<c>--max-rooms</c>).</summary>
    public int MaxRooms { get; init; } = 10_000;

    /// <summary>Whether unregistered names may join as guests (<c>--guests allow|deny</c>).</summary>
    public bool GuestsAllowed { get; init; } = true;

    /// <summary>The accounts that are server operators (<c>--admins a,b,c</c>).</summary>
    public IReadOnlyList<string> Admins { get; init; } = [];

    /// <summary>Failed sign-ins an address, or an account, may make at once (<c>--signin-burst</c>).</summary>
    public int SignInBurst { get; init; } = 10;

    /// <summary>How long it takes to earn one sign-in attempt back (<c>--signin-interval</c>).</summary>
    public TimeSpan SignInInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Password hashes computed at once, on their own threads (<c>--hash-threads</c>).</summary>
    public int HashThreads { get; init; } = DefaultHashThreads;

    /// <summary>Sign-ins that may wait for a hashing thread; more are refused at once (<c>--hash-queue</c>).</summary>
    public int HashQueue { get; init; } = 256;

    /// <summary>Sessions one account may have open at once (<c>--max-sessions-per-account</c>).</summary>
    public int MaxSessionsPerAccount { get; init; } = 16;

    /// <summary>
    /// A PEM file holding the TLS certificate, then any intermediate certificates (<c>--tls-cert</c>);
    /// needs <see cref="TlsKeyFile"/>. Null: no certificate from files.
    /// </summary>
    public string? TlsCertFile { get; init; }

    /// <summary>A PEM file holding the certificate's private key, unencrypted (<c>--tls-key</c>).</summary>
    public string? TlsKeyFile { get; init; }

    /// <summary>
    /// Serve TLS with a self-signed certificate made on first start and kept in the data directory
    /// (<c>--tls self-signed</c>).
    /// </summary>
    public bool TlsSelfSigned { get; init; }

    /// <summary>
    /// The port that speaks TLS while <see cref="Port"/> stays plain text (<c>--tls-port</c>); null
    /// makes <see cref="Port"/> itself speak TLS when TLS is on. 0 picks a free one (tests).
    /// </summary>
    public int? TlsPort { get; init; }

    /// <summary>The port of the IRC door (<c>--irc-port</c>); null: no IRC door. 0 picks a free one (tests).</summary>
    public int? IrcPort { get; init; }

    /// <summary>The port of the IRC door over TLS, with the same certificate (<c>--irc-tls-port</c>); null: none.</summary>
    public int? IrcTlsPort { get; init; }

    /// <summary>The name the IRC door gives itself in prefixes and numerics (<c>--irc-server-name</c>).</summary>
    public string IrcServerName { get; init; } = "piazza.irc";

    /// <summary>True when a certificate is configured (self-signed or from files), so some port speaks TLS.</summary>
    public bool TlsEnabled => TlsSelfSigned || TlsCertFile is not null;

    /// <summary>Half the processors, at least one: the other half keeps delivering messages during a sign-in storm.</summary>
    public static int DefaultHashThreads => Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>The data directory this server uses: <see cref="DataDir"/> or its default.</summary>
    public string ResolvedDataDir => DataDir ?? DataDirectory.Default();
}

/// <summary>The values of <c>--store</c>.</summary>
public static class StoreNames
{
    /// <summary>The embedded default: a SQLite file in the data directory.</summary>
    public const string Sqlite = "sqlite";

    /// <summary>In memory only: history is lost at every restart (and every epoch changes).</summary>
    public const string Memory = "memory";
}
