namespace Piazza.Store;

/// <summary>An event to append: everything but its id and time, which the store assigns.</summary>
/// <param name="Room">The room key (see <see cref="StoredEvent.Room"/>).</param>
/// <param name="Kind">What happened.</param>
/// <param name="User">Who (see <see cref="StoredEvent.User"/>).</param>
/// <param name="Text">The message text, or the new topic.</param>
/// <param name="Reason">For <see cref="EventKind.Left"/>: why.</param>
/// <param name="By">For a removal by someone else: who did it.</param>
/// <param name="Sender">
/// Whose <paramref name="Ref"/> this is, for dedupe: the account name, or the guest's username,
/// lowercase. Null with a null <paramref name="Ref"/>.
/// </param>
/// <param name="Ref">
/// The client's own id for a message. A draft whose (<paramref name="Sender"/>, <paramref name="Ref"/>)
/// the store already accepted within the dedupe window is not stored again: the append reports
/// <see cref="AppendStatus.Duplicate"/> with the original event.
/// </param>
/// <param name="Duration">For a ban or mute: how many seconds it lasts; null for good.</param>
/// <param name="Origin">
/// Which append on which node this is, for a store shared by several nodes (<see cref="IEventFeed"/>):
/// the feed gives it back with the event, so the node that appended it knows it as its own. Other
/// stores ignore it.
/// </param>
public sealed record EventDraft(
    string Room,
    EventKind Kind,
    string User,
    string? Text = null,
    string? Reason = null,
    string? By = null,
    string? Sender = null,
    string? Ref = null,
    long? Duration = null,
    string? Origin = null);
