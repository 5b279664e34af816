using Piazza.Protocol;

namespace Piazza.Client.Core;

public sealed partial class ChatClient
{
    /// <summary>
    /// Settles which rooms to be in before the first hello to an account: the client's own rooms if
    /// it was connected as that account before, else those remembered in the cursor store, plus the
    /// rooms of the options. Another account starts from nothing.
    /// </summary>
    private async Task PrepareRoomsAsync(ChatConnectionOptions options, CancellationToken ct)
    {
        var account = new ServerAccount(options.Host, options.Port, options.Username);
        bool load;
        lock (_gate)
        {
            if (_account is not null && _account.Key != account.Key)
            {
                ForgetRoomsLocked();
            }

            _account = account;
            _keeper?.Stop();
            _keeper = options.CursorStore is null
                ? null
                : new CursorKeeper(options.CursorStore, account, SavedSnapshot, _time, _logger);
            load = options.CursorStore is not null && !_roomsChosen && _rooms.Count == 0;
        }

        SavedRooms? saved = null;
        if (load)
        {
            try
            {
                saved = await options.CursorStore!.LoadAsync(account, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                throw;
            }
#pragma warning disable CA1031 // A store is someone else's code: whatever it throws is logged, and the client starts afresh.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.CursorLoadFailed(_logger, ex);
            }
        }

        lock (_gate)
        {
            if (saved is not null)
            {
                _roomsChosen = true;
                foreach (var room in saved.Rooms)
                {
                    if (RoomNameRules.ValidateAddress(room.Room).IsValid)
                    {
                        AddRoomLocked(RoomNameRules.Normalize(room.Room), room.Epoch, room.LastId);
                    }
                }
            }

            if (options.Rooms is { } rooms)
            {
                _roomsChosen = true;
                foreach (var room in rooms)
                {
                    AddRoomLocked(RoomNameRules.Normalize(room.Trim()), epoch: null, lastId: 0);
                }
            }
        }
    }

    /// <summary>The rooms to name in the hello, with their cursors; null to let the server choose (its default room).</summary>
    private OrderedDictionary<string, RoomCursor>? HelloRoomsLocked()
    {
        if (!_roomsChosen)
        {
            return null;
        }

        var rooms = new OrderedDictionary<string, RoomCursor>(StringComparer.Ordinal);
        foreach (var timeline in _rooms.Values.Where(t => !t.Parting).Take(ProtocolLimits.MaxHelloRooms))
        {
            rooms.Add(timeline.Room, timeline.Cursor);
        }

        return rooms;
    }

    /// <summary>Adds a room or conversation to those the client is in; nothing happens if it is there already.</summary>
    private RoomTimeline AddRoomLocked(string room, string? epoch, long lastId)
    {
        if (_rooms.TryGetValue(room, out var existing))
        {
            return existing;
        }

        var timeline = new RoomTimeline(room);
        timeline.Restore(epoch, lastId);
        _rooms.Add(room, timeline);
        _roomsChosen = true;
        _events.Publish(new RoomUpdated(Snapshot(timeline)));
        CursorsChangedLocked();
        return timeline;
    }

    /// <summary>Takes a room or conversation out of those the client is in, cursor and all.</summary>
    private void RemoveRoomLocked(RoomTimeline timeline, string? reason)
    {
        if (!_rooms.Remove(timeline.Room))
        {
            return;
        }

        timeline.Close();
        _events.Publish(new RoomRemoved(timeline.Room, reason));
        CursorsChangedLocked();
    }

    /// <summary>Another account: the rooms, cursors and unsent messages of the last one do not apply.</summary>
    private void ForgetRoomsLocked()
    {
        foreach (var timeline in _rooms.Values.ToList())
        {
            RemoveRoomLocked(timeline, reason: null);
        }

        _roomsChosen = false;
        FailOutboxLocked(SendErrorCodes.NotConnected, Sentences.NotSentAccountChanged);
    }

    private void CursorsChangedLocked() => _keeper?.Changed();

    /// <summary>What the cursor store keeps: every room and conversation with its cursor. Takes the gate.</summary>
    private SavedRooms SavedSnapshot()
    {
        lock (_gate)
        {
            return new SavedRooms([.. _rooms.Values.Where(t => !t.Parting).Select(t => new SavedRoom(t.Room, t.Epoch, t.LastId))]);
        }
    }

    /// <summary>Saves the cursors now, if they changed.</summary>
    private Task FlushCursorsAsync(CancellationToken ct)
    {
        CursorKeeper? keeper;
        lock (_gate)
        {
            keeper = _keeper;
        }

        return keeper?.FlushAsync(ct) ?? Task.CompletedTask;
    }
}
