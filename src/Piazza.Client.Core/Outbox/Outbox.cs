namespace Piazza.Client.Core;

/// <summary>
/// The messages not yet acknowledged, in the order they were queued. Guarded by the client's
/// lock; it only keeps state, the client decides when to send.
/// </summary>
internal sealed class Outbox
{
    private readonly List<OutboxEntry> _entries = [];

    public int Count => _entries.Count;

    public IReadOnlyList<OutboxEntry> Entries => _entries;

    public void Add(OutboxEntry entry) => _entries.Add(entry);

    public OutboxEntry? Find(string reference) => _entries.Find(e => string.Equals(e.Ref, reference, StringComparison.Ordinal));

    public void Remove(OutboxEntry entry) => _entries.Remove(entry);

    public IReadOnlyList<OutgoingMessage> Snapshot() => [.. _entries.Select(e => e.Snapshot())];
}

/// <summary>One outgoing message and the task its sender awaits.</summary>
internal sealed class OutboxEntry(string reference, string room, string text, DateTimeOffset queuedAt)
{
    public string Ref { get; } = reference;

    public string Room { get; } = room;

    public string Text { get; } = text;

    public DateTimeOffset QueuedAt { get; } = queuedAt;

    public OutgoingState State { get; set; } = OutgoingState.Waiting;

    /// <summary>True once it went out on some connection: from then on it may have been stored.</summary>
    public bool EverSent { get; set; }

    public long? Id { get; set; }

    public DateTimeOffset? Ts { get; set; }

    public string? ErrorCode { get; set; }

    public string? ErrorMessage { get; set; }

    /// <summary>Completes when it is sent or fails; a retry starts a new one.</summary>
    public TaskCompletionSource<SendResult> Completion { get; private set; } = NewCompletion();

    public void Restart()
    {
        State = OutgoingState.Waiting;
        ErrorCode = null;
        ErrorMessage = null;
        if (Completion.Task.IsCompleted)
        {
            Completion = NewCompletion();
        }
    }

    public OutgoingMessage Snapshot() => new(Ref, Room, Text, State, QueuedAt, Id, Ts, ErrorCode, ErrorMessage);

    private static TaskCompletionSource<SendResult> NewCompletion() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
