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
                    if (m.Replay && m.Id <= session.ReplayThreshold)
                    {
                        Log.ReplaySkipped(_logger, m.Id);
                        break;
                    }

                    SeenLocked(m.Id);
                    _events.Publish(new MessageReceived(m.Id, m.Ts, m.From, m.Text, m.Replay));
                    break;
                case JoinedFrame j:
                    SeenLocked(j.Id);
                    _events.Publish(new UserJoined(j.Id, j.Ts, j.User));
                    if (!_users.Contains(j.User, UsernameRules.Comparer))
                    {
                        SetUsersLocked(Snapshot([.. _users, j.User]));
                    }

                    break;
                case LeftFrame l:
                    SeenLocked(l.Id);
                    _events.Publish(new UserLeft(l.Id, l.Ts, l.User, l.Reason));
                    if (_users.Contains(l.User, UsernameRules.Comparer))
                    {
                        SetUsersLocked(Snapshot([.. _users.Where(u => !UsernameRules.Comparer.Equals(u, l.User))]));
                    }

                    break;
                case AckFrame a:
                    SeenLocked(a.Id);
                    if (a.Ref is null || !session.Pending.Complete(a.Ref, SendResult.Acked(a.Id, a.Ts)))
                    {
                        Log.UnmatchedReply(_logger, a.Ref);
                    }

                    break;
                case ErrorFrame e:
                    Log.ServerError(_logger, e.Code, e.Ref, e.Message);
                    if (e.Ref is not null && !session.Pending.Complete(e.Ref, SendResult.Failed(e.Code, e.Message)))
                    {
                        Log.UnmatchedReply(_logger, e.Ref);
                    }

                    _events.Publish(new ServerError(e.Code, e.Message, e.Ref));
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
                case UsersFrame u:
                    SetUsersLocked(Snapshot(u.Users));
                    break;
                default:
                    Log.UnexpectedFrame(_logger, frame.Type);
                    break;
            }
        }
    }

    private void SeenLocked(long id)
    {
        if (id > _lastSeenId)
        {
            _lastSeenId = id;
        }
    }

    /// <summary>The one place a session ends: pending sends fail, then either a clean stop or a loss.</summary>
    private async Task EndSessionAsync(Session session, string reason)
    {
        session.Keepalive.Dispose();
        session.Connection.Abort();
        session.Pending.FailAll(SendResult.Failed(SendErrorCodes.ConnectionLost,
            session.EndedByUser ? Sentences.ClosedBeforeAck : Sentences.LostBeforeAck));

        lock (_gate)
        {
            if (_session == session)
            {
                _session = null;
                if (session.EndedByUser || _disposed)
                {
                    Log.Disconnected(_logger, session.Options.Host, session.Options.Port);
                    SetUsersLocked(NoUsers);
                    SetStatusLocked(DisconnectedStatusLocked(null));
                }
                else
                {
                    Log.ConnectionLost(_logger, reason);
                    CountFlapLocked(session);
                    _events.Publish(new ConnectionLost(reason));
                    SetUsersLocked(NoUsers);
                    if (session.Options.AutoReconnect)
                    {
                        StartReconnectLocked(session.Options, session.Welcome.Session, reason);
                    }
                    else
                    {
                        SetStatusLocked(DisconnectedStatusLocked(reason));
                    }
                }
            }
        }

        await session.Connection.DisposeAsync();
    }
}
