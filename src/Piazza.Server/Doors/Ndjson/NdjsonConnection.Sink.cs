using Piazza.Protocol;
using Piazza.Server.Chat;
using Piazza.Server.Transport;

namespace Piazza.Server.Doors.Ndjson;

internal sealed partial class NdjsonConnection
{
    public bool Deliver(RoomEvent roomEvent, EventView view) =>
        _link.Queue.Enqueue(roomEvent.Encoded(NdjsonFormat.Instance, view)) != EnqueueResult.Overflow;

    public bool Acknowledge(RoomEvent roomEvent, EventView view, string? reference)
    {
        var data = roomEvent.Data;
        var ack = new AckFrame(reference, data.Id, data.Ts, NdjsonFormat.RoomName(data.Room, view));
        return _link.Queue.Enqueue(FrameWriter.ToBytes(ack)) != EnqueueResult.Overflow;
    }

    public void Opened(RoomOpening opening)
    {
        var room = NdjsonFormat.RoomName(opening.Room.Key, opening.View);
        if (opening.Joined && room == _settings.DefaultRoom && Interlocked.Exchange(ref _awaitingWelcome, 0) == 1)
        {
            // Version 1: the welcome, then the recent history, then live traffic.
            var session = _session!;
            _link.SendUncapped(FrameWriter.ToBytes(new WelcomeFrame(
                session.Name, opening.Users, session.Token, opening.LastId, _settings.Limits, _settings.ServerName)));
            _joined = true;
        }
        else
        {
            _link.SendUncapped(FrameWriter.ToBytes(new RoomFrame(
                room, opening.Topic, opening.Users, opening.LastId, opening.Room.Epoch, opening.Truncated, opening.Operators)));
        }

        var replayView = opening.View | EventView.Replay;
        foreach (var roomEvent in opening.Replay)
        {
            _link.SendUncapped(roomEvent.Encoded(NdjsonFormat.Instance, replayView));
        }
    }

    public void Evict() => _link.EvictSlow();

    /// <summary>A newer connection took this session over: this one is presumed dead and is closed without a word.</summary>
    public void Replace() => _link.Close(LeaveReasons.Replaced);

    /// <summary>Banned from the server: told why, then closed; its rooms see it leave as kicked.</summary>
    public void Expel(string message) => _link.Close(LeaveReasons.Kicked, StockFrames.Error(ErrorCodes.NotPermitted, message));
}
