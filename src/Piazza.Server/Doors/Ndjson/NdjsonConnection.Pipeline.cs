using Piazza.Protocol;
using Piazza.Server.Chat;

namespace Piazza.Server.Doors.Ndjson;

/// <summary>
/// Pipelined says: a connection's next line is read while its earlier says to the same room wait
/// for their commit, so one connection is not limited to one say per commit. Order is kept because
/// the store numbers appends in the order they are queued, and a say to a room is queued before
/// <see cref="ChatHub.SayAsync"/> first waits; the room then acks and broadcasts in id order, so a
/// connection's acks for one room come in the order it sent the says. Everything else (a say to
/// another room or a conversation, a say refused before it reaches the store, any other frame but
/// a pong, a ping too) first waits until the says in flight are done, so its answer comes after their acks.
/// </summary>
internal sealed partial class NdjsonConnection
{
    /// <summary>Says one connection may have waiting for their commit; the reader waits for the oldest beyond it.</summary>
    internal const int MaxSaysInFlight = 64;

    // Touched only by the link's reader (one handler call at a time).
    private readonly Queue<Task> _saysInFlight = new();
    private string? _saysRoom;

    /// <summary>True when a say to <paramref name="room"/> may join the says in flight without waiting for them.</summary>
    private bool MayPipeline(string? room)
    {
        DropFinishedSays();
        if (_saysInFlight.Count == 0)
        {
            return room is null || !room.StartsWith('@');
        }

        // A conversation's say waits (for the other person's state) before it reaches the store.
        return room is not null && !room.StartsWith('@') && string.Equals(room, _saysRoom, StringComparison.OrdinalIgnoreCase)
            || room is null && _saysRoom is null;
    }

    /// <summary>Keeps a say that is waiting for its commit; waits for the oldest one when too many are.</summary>
    private ValueTask TrackSayAsync(Task pending, string? room)
    {
        _saysInFlight.Enqueue(pending);
        _saysRoom = room;
        return _saysInFlight.Count > MaxSaysInFlight ? new ValueTask(_saysInFlight.Dequeue()) : ValueTask.CompletedTask;
    }

    /// <summary>Waits until every say in flight is committed (or refused) and answered.</summary>
    private async ValueTask DrainSaysAsync()
    {
        while (_saysInFlight.TryDequeue(out var pending))
        {
            await pending;
        }

        _saysRoom = null;
    }

    private bool HasSaysInFlight
    {
        get
        {
            DropFinishedSays();
            return _saysInFlight.Count > 0;
        }
    }

    private void DropFinishedSays()
    {
        while (_saysInFlight.TryPeek(out var pending) && pending.IsCompletedSuccessfully)
        {
            _saysInFlight.Dequeue();
        }
    }

    private async Task FinishSayAsync(ValueTask<ChatRefusal?> pending, SayFrame say)
    {
        if (await pending is { } refusal)
        {
            Send(refusal, say.Ref, say.Room is null ? null : Shown(say.Room));
        }
    }

    private async ValueTask<bool> DrainThenHandleAsync(Frame frame)
    {
        await DrainSaysAsync();
        return await HandleAsync(frame);
    }
}
