namespace Piazza.Client.Core;

/// <summary>Where the client stands with the server.</summary>
public enum ConnectionState
{
    /// <summary>Not connected and not trying to be.</summary>
    Disconnected,

    /// <summary>A connect started by the user is in progress.</summary>
    Connecting,

    /// <summary>Joined: messages can be sent.</summary>
    Connected,

    /// <summary>The connection was lost; waiting for, or making, the next attempt.</summary>
    Reconnecting,
}
