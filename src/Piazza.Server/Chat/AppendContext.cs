using Piazza.Protocol;

namespace Piazza.Server.Chat;

/// <summary>What a room must know, when an event it appended comes back committed, to deliver it.</summary>
/// <param name="Origin">The session whose message it is: it gets the ack instead of the message.</param>
/// <param name="Ref">The ref to acknowledge.</param>
/// <param name="Subject">The membership that joined or left with this event.</param>
/// <param name="Cursor">For a join: where the session's replay starts.</param>
/// <param name="Echo">For an operator's action: <paramref name="Origin"/> sees the event even when it is not in the room.</param>
internal sealed record AppendContext(
    ChatSession? Origin = null,
    string? Ref = null,
    Membership? Subject = null,
    RoomCursor? Cursor = null,
    bool Echo = false);
