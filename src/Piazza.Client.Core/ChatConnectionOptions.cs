namespace Piazza.Client.Core;

/// <summary>What to connect to and as whom.</summary>
public sealed record ChatConnectionOptions
{
    /// <summary>The server's IP address or host name.</summary>
    public required string Host { get; init; }

    /// <summary>The server's TCP port, 1 to 65535.</summary>
    public required int Port { get; init; }

    /// <summary>
    /// Further servers of the same chat (nodes sharing one store, protocol §13), tried in turn
    /// when the current one cannot be reached. <see cref="Host"/> may also be written as a list,
    /// <c>host1:port,host2:port</c>. Cursors and certificates stay keyed by <see cref="Host"/> and <see cref="Port"/>.
    /// </summary>
    public IReadOnlyList<ServerAddress>? OtherServers { get; init; }

    /// <summary>The username to join with; see <c>UsernameRules</c>.</summary>
    public required string Username { get; init; }

    /// <summary>A free-form client name and version, sent in <c>hello.client</c> for the server's logs.</summary>
    public string ClientName { get; init; } = "piazza-client/0.1";

    /// <summary>How long one attempt (name lookup, TCP connect and join) may take before it counts as timed out.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Whether to reconnect by itself after the connection is lost (never after a deliberate disconnect).</summary>
    public bool AutoReconnect { get; init; } = true;

    /// <summary>The backoff between reconnect attempts.</summary>
    public ReconnectPolicy Reconnect { get; init; } = ReconnectPolicy.Default;

    /// <summary>
    /// Rooms (<c>#dev</c>) and conversations (<c>@bob</c>) to be in, besides those the client is
    /// in already or remembers in <see cref="CursorStore"/>. When null and nothing is remembered,
    /// the server puts the client in its default room; an empty list joins nothing.
    /// </summary>
    public IReadOnlyList<string>? Rooms { get; init; }

    /// <summary>
    /// Where the rooms and their cursors are kept between runs, per server and username; null
    /// keeps them only as long as this <see cref="ChatClient"/> lives.
    /// </summary>
    public ICursorStore? CursorStore { get; init; }

    /// <summary>
    /// Speak TLS (protocol §11): the server's certificate is checked as the system checks any
    /// (a trusted authority, this host's name, valid now), or must be the one trusted for this
    /// server in <see cref="KnownCertificates"/>. TLS 1.2 or newer. Off by default.
    /// </summary>
    public bool UseTls { get; init; }

    /// <summary>
    /// Certificates the user trusted on first use, per host and port (used with <see cref="UseTls"/>).
    /// Null: only certificates the system trusts are accepted; a self-signed one fails with
    /// <see cref="ConnectFailureKind.CertificateNotTrusted"/> every time.
    /// </summary>
    public IKnownCertificates? KnownCertificates { get; init; }

    /// <summary>
    /// The account's password (protocol §10): signs in to the registered name <see cref="Username"/>,
    /// or with <see cref="Register"/> creates it. Null or empty joins as a guest. Never logged.
    /// Sent only over TLS or to a server on this machine (the server refuses it otherwise).
    /// </summary>
    public string? Password { get; init; }

    /// <summary>
    /// Creates the account <see cref="Username"/> with <see cref="Password"/> (which must follow
    /// <c>PasswordRules</c>) and signs in to it. Only the first connect registers: reconnects sign in.
    /// </summary>
    public bool Register { get; init; }

    /// <summary>True when a password is given: the hello signs in (or registers).</summary>
    internal bool SignsIn => !string.IsNullOrEmpty(Password);

    /// <summary>Authorities trusted instead of the system's (tests only: a test authority without touching the machine's trust store).</summary>
    internal System.Security.Cryptography.X509Certificates.X509Certificate2Collection? TrustRoots { get; init; }

    /// <summary>
    /// Sends the username to the server without checking it here first. Exists so tests can see
    /// the server's own refusal; a front end has no reason to set it.
    /// </summary>
    internal bool SkipLocalValidation { get; init; }
}
