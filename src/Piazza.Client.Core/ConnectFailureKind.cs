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
}
