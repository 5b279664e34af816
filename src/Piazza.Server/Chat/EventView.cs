namespace Piazza.Server.Chat;

/// <summary>
/// Which rendering of a room event a recipient needs. An event is encoded at most once per wire
/// format and view, whatever the number of recipients.
/// </summary>
[Flags]
internal enum EventView
{
    /// <summary>Live, in a room (or seen by the first person of a direct conversation).</summary>
    Live = 0,

    /// <summary>As history (catch-up), marked as replay.</summary>
    Replay = 1,

    /// <summary>Seen by the second person of a direct conversation (the room is the other person).</summary>
    Second = 2,
}
