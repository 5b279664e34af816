using Piazza.Protocol;

namespace Piazza.Client.Core;

/// <summary>
/// The requests about one room on one connection (join, part, topic, history), one at a time.
/// The server answers each in its own way (a room frame, a left, a topic event, a history page)
/// or with an error that names only the room: with one request out at a time, every answer and
/// every error is matched to the request it answers. Guarded by the client's lock.
/// </summary>
internal sealed class RoomLane
{
    private readonly Queue<RoomRequest> _waiting = new();

    public RoomRequest? Current { get; private set; }

    /// <summary>Queues a request; returns it when it is the one to send now.</summary>
    public RoomRequest? Enqueue(RoomRequest request)
    {
        if (Current is null)
        {
            Current = request;
            return request;
        }

        _waiting.Enqueue(request);
        return null;
    }

    /// <summary>The current request is answered: returns the next one to send, if any.</summary>
    public RoomRequest? Advance()
    {
        Current = _waiting.TryDequeue(out var next) ? next : null;
        return Current;
    }

    /// <summary>Every request, current and waiting, taken out (the connection ended).</summary>
    public IReadOnlyList<RoomRequest> Drain()
    {
        var all = new List<RoomRequest>();
        if (Current is not null)
        {
            all.Add(Current);
        }

        all.AddRange(_waiting);
        _waiting.Clear();
        Current = null;
        return all;
    }
}

/// <summary>What kind of request.</summary>
internal enum RoomRequestKind
{
    Join,
    Part,
    Topic,
    History,

    /// <summary>A moderation request about the room: answered by its room event, a confirmation, or an error.</summary>
    Moderate,
}

/// <summary>One request about a room: its frame, and who waits for the answer.</summary>
internal sealed class RoomRequest(RoomRequestKind kind, Frame frame)
{
    public RoomRequestKind Kind { get; } = kind;

    public Frame Frame { get; } = frame;

    /// <summary>For a history page the client asks for itself, to repair a gap: no caller waits.</summary>
    public bool IsRepair { get; init; }

    /// <summary>Completes with the answer: the <see cref="ChatRoom"/> of a join, the <see cref="HistoryFrame"/> of a page, null for part and topic.</summary>
    public TaskCompletionSource<object?> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
