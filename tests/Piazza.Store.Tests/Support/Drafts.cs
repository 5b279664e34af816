namespace Piazza.Store.Tests.Support;

/// <summary>Short ways to write the drafts the tests append.</summary>
public static class Drafts
{
    public static EventDraft Say(string room, string text, string user = "alice", string? @ref = null) =>
        new(room, EventKind.Message, user, text, Sender: @ref is null ? null : user, Ref: @ref);

    public static EventDraft Joined(string room, string user = "alice") => new(room, EventKind.Joined, user);

    public static EventDraft Left(string room, string user = "alice", string reason = "quit") => new(room, EventKind.Left, user, Reason: reason);

    public static EventDraft Topic(string room, string topic, string user = "alice") => new(room, EventKind.Topic, user, topic);

    /// <summary>Appends and insists it was committed; returns the stored event.</summary>
    public static async Task<StoredEvent> CommitAsync(this IEventStore store, EventDraft draft)
    {
        var result = await store.AppendAsync(draft);
        Assert.Equal(AppendStatus.Committed, result.Status);
        return result.Event!;
    }

    /// <summary>Every event the store holds for a room, oldest first.</summary>
    public static Task<IReadOnlyList<StoredEvent>> ReadAllAsync(this IEventStore store, string room) =>
        store.ReadAsync(room, long.MinValue, long.MaxValue, int.MaxValue, ReadFrom.Oldest);
}
