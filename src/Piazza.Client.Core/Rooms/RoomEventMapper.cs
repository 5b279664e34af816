using Piazza.Protocol;

namespace Piazza.Client.Core;

/// <summary>Room event frames as the client's <see cref="RoomEvent"/>s.</summary>
internal static class RoomEventMapper
{
    /// <summary>The event a frame carries (with its room in the form the client keys rooms by), or null for any other frame.</summary>
    public static RoomEvent? From(Frame frame, EventSource source) => frame switch
    {
        MessageFrame { Room: { } room } m => new MessageReceived(RoomNameRules.Normalize(room), m.Id, m.Ts, m.From, m.Text, source),
        JoinedFrame { Room: { } room } j => new UserJoined(RoomNameRules.Normalize(room), j.Id, j.Ts, j.User, source),
        LeftFrame { Room: { } room } l => new UserLeft(RoomNameRules.Normalize(room), l.Id, l.Ts, l.User, l.Reason, source, l.By, l.Note),
        ModFrame { Room: { } room, Id: { } id, Ts: { } ts } m => new ModerationChanged(RoomNameRules.Normalize(room), id, ts, m.Action, m.By,
            m.User ?? "", m.Duration is { } seconds ? TimeSpan.FromSeconds(seconds) : null, m.Reason, source),
        TopicFrame { Id: { } id, Ts: { } ts } t => new TopicChanged(RoomNameRules.Normalize(t.Room), id, ts, t.User ?? "", t.Topic, source),
        _ => null,
    };

    /// <summary>The events of a history page, in the page's order; anything that is not an event is left out.</summary>
    public static IReadOnlyList<RoomEvent> FromPage(HistoryFrame page, EventSource source)
    {
        var events = new List<RoomEvent>(page.Events?.Count ?? 0);
        foreach (var frame in page.Events ?? [])
        {
            if (From(frame, source) is { } roomEvent)
            {
                events.Add(roomEvent);
            }
        }

        return events;
    }
}
