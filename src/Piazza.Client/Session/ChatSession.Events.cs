using Microsoft.Extensions.Logging;
using Piazza.Client.Core;
using Piazza.Protocol;

namespace Piazza.Client.Session;

/// <summary>Turning what the client reports into log entries, people and status.</summary>
public sealed partial class ChatSession
{
    private void OnClientEvent(object? sender, ChatEvent chatEvent) =>
        _ = DispatchAsync(() =>
        {
            // Events of a client that has since been replaced or closed no longer describe this page.
            if (ReferenceEquals(sender, _client))
            {
                Apply(chatEvent);
                Notify();
            }

            return Task.CompletedTask;
        });

    /// <summary>Runs <paramref name="work"/> on the page's renderer, in the order asked.</summary>
    private async Task DispatchAsync(Func<Task> work)
    {
        try
        {
            if (_invoke is { } invoke)
            {
                await invoke(work);
            }
            else
            {
                await work();
            }
        }
        catch (ObjectDisposedException)
        {
            // The page is gone; nothing is left to update.
        }
#pragma warning disable CA1031 // A fault here must be logged, not lost in a discarded task or crash the page.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.ApplyFailed(_logger, ex);
        }
    }

    private void Apply(ChatEvent chatEvent)
    {
        switch (chatEvent)
        {
            case RoomOpened opened when _room is null && !opened.Room.IsDirect:
                _room = opened.Room.Room;
                break;
            case RoomEvent r when r.Room != (_room ?? RoomNameRules.DefaultRoom):
                // This page shows one room.
                break;
            case MessageReceived { Ref: not null }:
                // One of this page's own messages, shown since it was typed.
                break;
            case MessageReceived m when !(m.Replay && IsInLog(m)):
                var message = new MessageEntry(NextKey("m"), m.Ts, m.From, m.Text) { Id = m.Id, IsOwn = IsMe(m.From), Replay = m.Replay };
                if (m.Replay)
                {
                    InsertReplay(message);
                }
                else
                {
                    Add(message);
                }

                break;
            case UserJoined j when !IsMe(j.User):
                Add(new NoticeEntry(NextKey("n"), j.Ts, NoticeKind.Joined, Texts.Joined(j.User)));
                break;
            case UserLeft l when !IsMe(l.User):
                Add(new NoticeEntry(NextKey("n"), l.Ts, NoticeKind.Left, Texts.Left(l.User, l.Reason)));
                break;
            case UsersChanged u when u.Room == (_room ?? RoomNameRules.DefaultRoom):
                Users = u.Users;
                break;
            case StatusChanged s:
                // The ticker first: whoever sees the new state can rely on its countdown running.
                UpdateTicker(s.Status);
                Status = s.Status;
                break;
            case Joined j:
                Me = j.Welcome.User;
                AddNotice(NoticeKind.Connection, j.IsReconnect
                    ? $"Reconnected as {j.Welcome.User}."
                    : $"You joined as {j.Welcome.User} on {Texts.Endpoint(j.Welcome.Host, j.Welcome.Port)}.");
                // History replayed after this welcome goes above the notice: it happened before.
                _replayInsertAt = _entries.Count - 1;
                break;
            case ConnectionLost lost:
                // After a shutdown notice the reason would only repeat it.
                var reason = string.Equals(lost.Reason, _shutdownMessage, StringComparison.Ordinal) ? "" : " " + lost.Reason;
                AddNotice(NoticeKind.Problem, $"Lost connection to {Texts.Endpoint(Status.Host, Status.Port)}.{reason}");
                _shutdownMessage = null;
                break;
            case ServerShuttingDown s:
                _shutdownMessage = s.Message;
                AddNotice(NoticeKind.Problem, s.Message);
                break;
            case ServerError e when e.Ref is null:
                AddNotice(NoticeKind.Problem, $"Server: {e.Message}");
                break;
            default:
                break;
        }
    }

    /// <summary>
    /// Whether a replayed message is already in the log: joining again after leaving (Reconnect)
    /// takes a new client, and the server replays history this page has shown. Live events are
    /// never repeated, and the client itself drops what it replays on its own reconnects. Id and
    /// time together, because a restarted server numbers its events from 1 again.
    /// </summary>
    private bool IsInLog(MessageReceived m) =>
        _entries.Exists(e => e is MessageEntry { Id: { } id } shown && id == m.Id && shown.Ts == m.Ts);

    private bool IsMe(string user) => Me is not null && UsernameRules.Comparer.Equals(user, Me);

    private void Add(ChatEntry entry)
    {
        _entries.Add(entry);
        Trim();
    }

    private void AddNotice(NoticeKind kind, string text) => Add(new NoticeEntry(NextKey("n"), Now, kind, text));

    private void InsertReplay(MessageEntry entry)
    {
        var at = Math.Clamp(_replayInsertAt, 0, _entries.Count);
        _entries.Insert(at, entry);
        _replayInsertAt = at + 1;
        Trim();
    }

    private void Trim()
    {
        var excess = _entries.Count - MaxEntries;
        if (excess > 0)
        {
            _entries.RemoveRange(0, excess);
            _replayInsertAt = Math.Max(0, _replayInsertAt - excess);
        }
    }

    /// <summary>While a reconnect is scheduled the countdown needs a fresh render every half second.</summary>
    private void UpdateTicker(ChatStatus status)
    {
        if (status.State == ConnectionState.Reconnecting && status.NextAttemptAt is not null)
        {
            _ticker ??= _time.CreateTimer(_ => _ = DispatchAsync(() =>
            {
                Notify();
                return Task.CompletedTask;
            }), null, TickPeriod, TickPeriod);
        }
        else
        {
            StopTicker();
        }
    }

    private void StopTicker()
    {
        _ticker?.Dispose();
        _ticker = null;
    }
}
