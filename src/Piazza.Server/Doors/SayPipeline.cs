namespace Piazza.Server.Doors;

/// <summary>
/// One connection's says waiting for their commit, so the door reads the connection's next line
/// while they commit instead of one say per commit. Order holds because the store numbers appends
/// in the order they are queued, and a say to a room is queued before <see cref="Chat.ChatHub.SayAsync"/>
/// first waits; the room then acks and broadcasts in id order, so one connection's acks for one
/// room come in the order it sent the says. A door lets a say join only while every say in flight
/// is to the same room (<see cref="MayJoin"/>), and drains the pipeline (<see cref="DrainAsync"/>)
/// before it answers anything else, so that answer comes after the acks of the says before it.
/// Used only by the connection's reader (one line at a time): not thread-safe.
/// </summary>
internal sealed class SayPipeline
{
    /// <summary>Says one connection may have waiting for their commit; the reader waits for the oldest beyond it.</summary>
    public const int MaxInFlight = 64;

    private readonly Queue<Task> _inFlight = new();
    private string? _room;

    /// <summary>True while a say is still waiting for its commit (or its answer).</summary>
    public bool IsBusy
    {
        get
        {
            DropFinished();
            return _inFlight.Count > 0;
        }
    }

    /// <summary>
    /// True when a say to <paramref name="room"/> (null: the default room; <c>@...</c>: a
    /// conversation) may join the says in flight without waiting for them. A conversation's say
    /// never does: it waits (for the other person's state) before it reaches the store.
    /// </summary>
    public bool MayJoin(string? room)
    {
        DropFinished();
        if (_inFlight.Count == 0)
        {
            return room is null || !room.StartsWith('@');
        }

        return room is not null && !room.StartsWith('@') && string.Equals(room, _room, StringComparison.OrdinalIgnoreCase)
            || room is null && _room is null;
    }

    /// <summary>
    /// Keeps a say that is waiting for its commit (<paramref name="pending"/> ends once it is
    /// committed or refused and answered); waits for the oldest one when too many are.
    /// </summary>
    public ValueTask TrackAsync(Task pending, string? room)
    {
        _inFlight.Enqueue(pending);
        _room = room;
        return _inFlight.Count > MaxInFlight ? new ValueTask(_inFlight.Dequeue()) : ValueTask.CompletedTask;
    }

    /// <summary>Waits until every say in flight is committed (or refused) and answered.</summary>
    public async ValueTask DrainAsync()
    {
        while (_inFlight.TryDequeue(out var pending))
        {
            await pending;
        }

        _room = null;
    }

    /// <summary>
    /// Answers a say the chat refused before it reached the store (muted, not a member) once the
    /// says before it are answered, so the refusal keeps its place among their acks.
    /// </summary>
    public async ValueTask AnswerInTurnAsync(Action answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        await DrainAsync();
        answer();
    }

    private void DropFinished()
    {
        while (_inFlight.TryPeek(out var pending) && pending.IsCompletedSuccessfully)
        {
            _inFlight.Dequeue();
        }
    }
}
