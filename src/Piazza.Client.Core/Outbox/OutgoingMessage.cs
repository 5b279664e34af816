namespace Piazza.Client.Core;

/// <summary>
/// A message this client sends, and where it stands. The <see cref="Ref"/> stays the same however
/// often it is sent, so the server stores it once: a message typed while disconnected, or sent
/// just before the connection dropped, is never lost and never stored twice.
/// </summary>
/// <param name="Ref">The client's id for the message, unique across connections and restarts.</param>
/// <param name="Room">Where it goes: <c>#dev</c> or <c>@bob</c>.</param>
/// <param name="Text">The text.</param>
/// <param name="State">Where it stands.</param>
/// <param name="QueuedAt">When it was handed to the client.</param>
/// <param name="Id">Once <see cref="OutgoingState.Sent"/>: its event id in the room.</param>
/// <param name="Ts">Once sent: when the server stored it.</param>
/// <param name="ErrorCode">Once <see cref="OutgoingState.Failed"/>: a protocol error code or a <see cref="SendErrorCodes"/> value.</param>
/// <param name="ErrorMessage">Once failed: one sentence for people.</param>
public sealed record OutgoingMessage(
    string Ref,
    string Room,
    string Text,
    OutgoingState State,
    DateTimeOffset QueuedAt,
    long? Id = null,
    DateTimeOffset? Ts = null,
    string? ErrorCode = null,
    string? ErrorMessage = null);
