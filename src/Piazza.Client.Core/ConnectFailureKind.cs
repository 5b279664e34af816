namespace Piazza.Client.Core;

/// <summary>Why a connect (or reconnect) attempt did not end in a joined session.</summary>
public enum ConnectFailureKind
{
    /// <summary>Host, port or username broke a rule; nothing was sent.</summary>
    InvalidInput,

    /// <summary>The host name could not be resolved to an address.</summary>
    HostNotFound,

    /// <summary>Nothing listens on that port (is the server running?).</summary>
    ConnectionRefused,

    /// <summary>No connection or no answer to the join within the connect timeout.</summary>
    TimedOut,

    /// <summary>Someone in the room holds that name; the failure carries the server's suggestion.</summary>
    UsernameTaken,

    /// <summary>The server refused the name (for example a name it reserves).</summary>
    UsernameInvalid,

    /// <summary>The server holds its maximum of connections (in all, or from this address).</summary>
    ServerFull,

    /// <summary>The other side does not speak this protocol, or broke it.</summary>
    ProtocolError,

    /// <summary>Any other network failure (unreachable network, connection reset...).</summary>
    NetworkError,

    /// <summary>
    /// The TLS handshake failed: the server refused it, answered in plain text (a plain-text port),
    /// or closed during it. Nothing about the certificate.
    /// </summary>
    TlsFailed,

    /// <summary>The server speaks only TLS there and the client connected without it: turn on Use TLS.</summary>
    TlsRequired,

    /// <summary>
    /// The system does not trust the server's certificate (self-signed, or from an unknown
    /// authority) and the user has not trusted it for this server. The failure carries the
    /// certificate and its fingerprint: show them, and on acceptance trust it (trust on first use)
    /// and connect again.
    /// </summary>
    CertificateNotTrusted,

    /// <summary>
    /// The server's certificate is not the one the user trusted for this server before: it may have
    /// a new certificate, or someone may be intercepting the connection. The failure carries both
    /// fingerprints; never trust the new one without asking the server's operator.
    /// </summary>
    CertificateChanged,

    /// <summary>The certificate is expired, not yet valid, for another name, or revoked; the sentence says which.</summary>
    CertificateInvalid,

    /// <summary>Wrong name or password (the server does not say which), or a wrong current password when changing it.</summary>
    AuthFailed,

    /// <summary>Registering a name that is already an account: sign in instead, or choose another name.</summary>
    AccountExists,

    /// <summary>The new password breaks the password rules (10 to 1024 characters).</summary>
    WeakPassword,

    /// <summary>The name is registered (sign in with its password), or the server admits no guests.</summary>
    AuthRequired,

    /// <summary>Too many failed sign-ins from this address or for this account; the sentence says when to try again.</summary>
    TooManyAttempts,

    /// <summary>The name or address is banned from the server; the sentence says until when, by whom and why.</summary>
    Banned,
}
