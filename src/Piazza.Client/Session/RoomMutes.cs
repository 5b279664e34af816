using Piazza.Client.Core;
using Piazza.Protocol;

namespace Piazza.Client.Session;

/// <summary>A mute this page knows of in a room: until when (null: for good), by whom and why.</summary>
/// <param name="Until">When it ends by itself; null for good.</param>
/// <param name="By">The operator who muted.</param>
/// <param name="Reason">The operator's reason, or null.</param>
public sealed record MuteState(DateTimeOffset? Until, string By, string? Reason);

/// <summary>
/// Who is muted in one room, as far as this page can know: from the room's <c>mute</c> and
/// <c>unmute</c> events it received (live, replayed after a cursor, or loaded by scrolling back),
/// and from the server's confirmations of this page's own requests that changed nothing (an
/// unmute of someone not muted). Mutes end silently (protocol §12), so each one's end is worked
/// out from its event's time and duration.
/// </summary>
/// <remarks>
/// What it cannot know: a mute whose event this page never received (made before it first joined
/// the room, or hidden in history it has not loaded, since recent history holds messages only),
/// and mutes of an address or of the whole server, which are never room events. For those the
/// server's refusal of the mute or unmute is the answer, and <c>/unmute name</c> still works.
/// </remarks>
public sealed class RoomMutes
{
    /// <summary>Per person, the newest thing known and the event id (or the room's last id, for a confirmation) it is as of.</summary>
    private readonly Dictionary<string, (long AsOf, MuteState? State)> _latest = new(UsernameRules.Comparer);

    /// <summary>The number of people with a known mute or unmute.</summary>
    public int Count => _latest.Count;

    /// <summary>Takes in a room event; only <c>mute</c> and <c>unmute</c> matter, and an older one never replaces a newer.</summary>
    public bool Apply(ModerationChanged change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return change.Action switch
        {
            FrameTypes.Mute => Record(change.User, change.Id,
                new MuteState(change.Duration is { } lasting ? change.Ts + lasting : null, change.By, change.Reason)),
            FrameTypes.Unmute => Record(change.User, change.Id, null),
            _ => false,
        };
    }

    /// <summary>
    /// Takes in the server's confirmation of this page's own request in this room (a request the
    /// room did not see as an event): as of <paramref name="asOf"/>, the room's newest id.
    /// </summary>
    public bool Apply(ModerationConfirmed done, long asOf, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(done);
        if (done.User is not { } user)
        {
            return false;
        }

        return done.Action switch
        {
            FrameTypes.Mute => Record(user, asOf, new MuteState(done.Duration is { } lasting ? now + lasting : null, done.By, done.Reason)),
            FrameTypes.Unmute => Record(user, asOf, null),
            _ => false,
        };
    }

    /// <summary>The mute of <paramref name="user"/> in force at <paramref name="now"/>, or null when none is known.</summary>
    public MuteState? Of(string user, DateTimeOffset now) =>
        _latest.TryGetValue(user, out var known) && known.State is { } state && (state.Until is null || state.Until > now) ? state : null;

    private bool Record(string user, long asOf, MuteState? state)
    {
        if (_latest.TryGetValue(user, out var known) && known.AsOf > asOf)
        {
            // Scrolling back brought an older event: what came after it stands.
            return false;
        }

        _latest[user] = (asOf, state);
        return true;
    }
}
