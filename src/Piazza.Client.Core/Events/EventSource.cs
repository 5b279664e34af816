namespace Piazza.Client.Core;

/// <summary>How a room event reached the client, which tells a front end whether it is news.</summary>
public enum EventSource
{
    /// <summary>Live: it happened while the client was in the room.</summary>
    Live,

    /// <summary>
    /// Caught up: it happened while the client was away (disconnected, or the app closed), after the
    /// cursor it came back with. Counts as unread, like a live event.
    /// </summary>
    CatchUp,

    /// <summary>
    /// Recent history sent on joining without a usable cursor (the first time, or after the server
    /// lost its history): context from before the client's time in the room, not news.
    /// </summary>
    Recent,

    /// <summary>Fetched on request with <see cref="ChatClient.LoadOlderAsync"/> or <see cref="ChatClient.GetHistoryAsync"/>.</summary>
    History,
}
