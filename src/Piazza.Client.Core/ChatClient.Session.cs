using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Piazza.Protocol;

namespace Piazza.Client.Core;

public sealed partial class ChatClient
{
    /// <summary>The reader loop of one session: runs until the connection ends, then ends the session once.</summary>
    private async Task RunSessionAsync(Session session)
    {
        string reason;
        try
        {
            reason = await ReadFramesAsync(session);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            reason = Sentences.ConnectionFailed(Sentences.Detail(session.Connection.WriteFailure ?? ex));
        }
#pragma warning disable CA1031 // Whatever went wrong, the session must still end once and the user be told.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.ReaderFailed(_logger, ex);
            reason = Sentences.ConnectionFailed("the client failed to handle what the server sent");
        }

        await EndSessionAsync(session, session.AbortReason ?? reason);
    }

    /// <returns>Why the connection ended, when it ended without an exception.</returns>
    private async Task<string> ReadFramesAsync(Session session)
    {
        while (true)
        {
            var read = await session.Connection.ReadAsync(CancellationToken.None);
            if (read is not { } result)
            {
                return session.ShutdownMessage ?? Sentences.ServerClosed;
            }

            switch (result.Status)
            {
                case FrameReadStatus.Frame:
                    Handle(session, result.Frame!);
                    break;
                case FrameReadStatus.Invalid when result.Error!.Code == ErrorCodes.UnknownType:
                    // Forward compatibility: a newer server may send types this client does not know.
                    Log.IgnoredUnknownType(_logger, result.Error.Message);
                    break;
                case FrameReadStatus.Invalid:
                    // One bad line does not desynchronise a line protocol: skip it, as the server does.
                    Log.BadFrameFromServer(_logger, result.Error!.Message);
                    break;
                case FrameReadStatus.TooLarge:
                    return Sentences.ServerFrameTooLarge();
            }
        }
    }

    private void Handle(Session session, Frame frame)
    {
        lock (_gate)
        {
            if (_session != session)
            {
                return;
            }

            switch (frame)
            {
                case MessageFrame m:
                    HandleRoomEventLocked(session, m, m.Replay);
                    break;
                case JoinedFrame j:
                    HandleRoomEventLocked(session, j, j.Replay);
                    break;
                case LeftFrame l:
                    HandleRoomEventLocked(session, l, l.Replay);
                    break;
                case TopicFrame t:
                    HandleRoomEventLocked(session, t, t.Replay);
                    break;
                case ModFrame mod:
                    HandleModLocked(session, mod);
                    break;
                case PasswordFrame { Changed: true }:
                    HandlePasswordLocked(session);
                    break;
                case RoomFrame r:
                    HandleRoomLocked(session, r);
                    break;
                case HistoryFrame h:
                    HandleHistoryLocked(session, h);
                    break;
                case AckFrame a:
                    HandleAckLocked(session, a);
                    break;
                case ErrorFrame e:
                    Log.ServerError(_logger, e.Code, e.Ref, e.Message);
                    var answered = false;
                    if (e.Ref is not null)
                    {
                        HandleRefusalLocked(e);
                    }
                    else if (e.Room is not null)
                    {
                        HandleRoomErrorLocked(session, e, RoomNameRules.Normalize(e.Room));
                    }
                    else
                    {
                        answered = HandlePlainErrorLocked(session, e);
                    }

                    _events.Publish(new ServerError(e.Code, e.Message, e.Ref, e.Room is null ? null : RoomNameRules.Normalize(e.Room), answered));
                    break;
                case RoomsFrame { Rooms: { } rooms }:
                    if (session.ListWaiters.TryDequeue(out var waiter))
                    {
                        waiter.TrySetResult([.. rooms.Select(r => new RoomListing(r.Room, r.Topic, r.Members))]);
                    }

                    break;
                case ShutdownFrame s:
                    Log.ServerShuttingDown(_logger, s.Message);
                    session.ShutdownMessage = s.Message;
                    _events.Publish(new ServerShuttingDown(s.Message));
                    break;
                case PingFrame:
                    session.Connection.TrySend(PongFrame.Instance);
                    break;
                case PongFrame:
                    // Its arrival already counted as traffic for the keepalive.
                    break;
                default:
                    Log.UnexpectedFrame(_logger, frame.Type);
                    break;
            }
        }
    }

    /// <summary>
    /// The one place a session ends: requests waiting for an answer fail, the rooms close (their
    /// cursors stay), the outbox waits for the next connection or gives up, then either a clean
    /// stop or a loss; the cursors are saved.
    /// </summary>
    private async Task EndSessionAsync(Session session, string reason)
    {
        session.Keepalive.Dispose();
        session.Connection.Abort();

        lock (_gate)
        {
            var cut = new ChatRequestException(SendErrorCodes.ConnectionLost,
                session.EndedByUser ? Sentences.ClosedBeforeAnswer : Sentences.LostBeforeAnswer);
            foreach (var request in session.Lanes.Values.SelectMany(lane => lane.Drain()))
            {
                request.Answer.TrySetException(cut);
            }

            while (session.ListWaiters.TryDequeue(out var waiter))
            {
                waiter.TrySetException(cut);
            }

            while (session.PlainWaiters.TryDequeue(out var plain))
            {
                plain.Answer.TrySetException(cut);
            }

            if (_session == session)
            {
                _session = null;
                var byUser = session.EndedByUser || _disposed;
                var reconnecting = !byUser && session.Options.AutoReconnect;
                if (!byUser)
                {
                    Log.ConnectionLost(_logger, reason);
                    CountFlapLocked(session);
                    _events.Publish(new ConnectionLost(reason));
                }
                else
                {
                    Log.Disconnected(_logger, session.Options.Host, session.Options.Port);
                }

                CloseRoomsLocked();
                OutboxConnectionEndedLocked(reconnecting, byUser);
                if (reconnecting)
                {
                    StartReconnectLocked(session.Options, session.Welcome.Session, reason);
                }
                else
                {
                    SetStatusLocked(DisconnectedStatusLocked(byUser ? null : reason));
                }
            }
        }

        await session.Connection.DisposeAsync();
        await FlushCursorsAsync(CancellationToken.None);
    }

    /// <summary>The connection is gone: no room is open, nobody is present; rooms being left are left.</summary>
    private void CloseRoomsLocked()
    {
        foreach (var timeline in _rooms.Values.ToList())
        {
            if (timeline.Parting)
            {
                RemoveRoomLocked(timeline, reason: null);
                continue;
            }

            var wasOpen = timeline.IsOpen;
            timeline.Close();
            if (wasOpen)
            {
                _events.Publish(new UsersChanged(timeline.Room, []));
                _events.Publish(new RoomUpdated(Snapshot(timeline)));
            }
        }
    }
}
