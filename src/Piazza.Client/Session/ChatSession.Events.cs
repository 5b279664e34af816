using Piazza.Client.Core;
using Piazza.Protocol;

namespace Piazza.Client.Session;

/// <summary>Turning what the client reports into rooms, log entries, unread counts and status.</summary>
public sealed partial class ChatSession
{
    /// <summary>The notice of the connect now under way, for each room it opens; null when rooms are joined one by one.</summary>
    private string? _joinNotice;

    /// <summary>Messages whose state was taken from Post or Retry, with that state: their events up to it are old news.</summary>
    private readonly Dictionary<string, OutgoingState> _reported = new(StringComparer.Ordinal);

    /// <summary>Rooms joined by a command or the Join dialog, whose log starts with "You joined #dev.".</summary>
    private readonly HashSet<string> _requested = new(StringComparer.Ordinal);

    private void OnClientEvent(object? sender, ChatEvent chatEvent) =>
        _ = DispatchAsync(() =>
        {
            // Events of a client that has since been closed no longer describe this page.
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
            case StatusChanged s:
                // The ticker first: whoever sees the new state can rely on its countdown running.
                UpdateTicker(s.Status);
                Status = s.Status;
                break;
            case Joined j:
                Me = j.Welcome.User;
                IsAccount = j.Welcome.IsAccount;
                IsAdmin = j.Welcome.IsAdmin;
                var text = j.IsReconnect
                    ? $"Reconnected as {j.Welcome.User}."
                    : $"You joined as {j.Welcome.User} on {Texts.Endpoint(j.Welcome.Host, j.Welcome.Port)}.";
                _joinNotice = text;
                foreach (var view in _views)
                {
                    // What the rooms replay from now on happened before this notice, so it goes above it.
                    view.StartReplayBefore(Notice(NoticeKind.Connection, text));
                    view.Announced = true;
                }

                break;
            case RoomUpdated u:
                Sync(Ensure(u.Room.Room), u.Room);
                break;
            case RoomOpened o:
                Open(o);
                break;
            case RoomRemoved r:
                Remove(r.Room, r.Reason);
                break;
            case UsersChanged u when Find(u.Room) is { } view:
                view.Users = u.Users;
                view.Touch();
                break;
            case MessageReceived m:
                ApplyMessage(m);
                break;
            case UserJoined j when Find(j.Room) is { } view:
                view.Saw(j.Id);
                if (!IsMe(j.User))
                {
                    Place(view, Notice(NoticeKind.Joined, Texts.Joined(j.User), j), j.Source);
                }

                break;
            case UserLeft l when Find(l.Room) is { } view:
                view.Saw(l.Id);
                if (!IsMe(l.User))
                {
                    Place(view, Notice(l.Reason == LeaveReasons.Kicked ? NoticeKind.Moderation : NoticeKind.Left,
                        Texts.Left(l.User, l.Reason, l.By, l.Note), l), l.Source);
                }

                break;
            case ModerationChanged m when Find(m.Room) is { } view:
                view.Saw(m.Id);
                view.Mutes.Apply(m);
                Place(view, Notice(NoticeKind.Moderation, Texts.Moderation(m, Me), m), m.Source);
                break;
            case ModerationConfirmed c:
                if (c.Room is not null && Find(c.Room) is { } confirmedIn)
                {
                    confirmedIn.Mutes.Apply(c, confirmedIn.LastId, Now);
                }

                Current?.Append(Notice(NoticeKind.Info, Texts.Confirmed(c)));
                break;
            case TopicChanged t when Find(t.Room) is { } view:
                view.Saw(t.Id);
                Place(view, Notice(NoticeKind.Topic, Texts.TopicSet(t.User, t.Topic), t), t.Source);
                break;
            case EventsMissing x when Find(x.Room) is { } view:
                view.Saw(x.LastId);
                view.Append(Notice(NoticeKind.Problem, x.FirstId == x.LastId
                    ? $"An event of {x.Room} was missed, and the server no longer keeps it."
                    : $"{x.LastId - x.FirstId + 1} events of {x.Room} were missed, and the server no longer keeps them."));
                break;
            case OutboxChanged o:
                ApplyOutbox(o.Message);
                break;
            case ConnectionLost lost:
                // After a shutdown notice the reason would only repeat it.
                var reason = string.Equals(lost.Reason, _shutdownMessage, StringComparison.Ordinal) ? "" : " " + lost.Reason;
                AddNoticeEverywhere(NoticeKind.Problem, $"Lost connection to {Texts.Endpoint(Status.Host, Status.Port)}.{reason}");
                _shutdownMessage = null;
                break;
            case ServerShuttingDown s:
                _shutdownMessage = s.Message;
                AddNoticeEverywhere(NoticeKind.Problem, s.Message);
                break;
            case ServerError { Ref: null, Room: null, Answered: false } e:
                // Refusals of a room request reach whoever asked; only the rest is news.
                Current?.Append(Notice(NoticeKind.Problem, $"Server: {e.Message}"));
                break;
            default:
                break;
        }
    }

    /// <summary>The server described a room: it is open, and its events follow.</summary>
    private void Open(RoomOpened opened)
    {
        var view = Ensure(opened.Room.Room);
        Sync(view, opened.Room);
        if (Current is null && _restoreCurrent is not null && Find(_restoreCurrent) is null)
        {
            // The room that was on screen is not among the rooms any more: the first one that opens is.
            _restoreCurrent = null;
            Show(view);
        }

        if (opened.Continues)
        {
            view.LastId = Math.Max(view.LastId, opened.Room.LastId);
            view.OlderUnavailable = false;
        }
        else
        {
            // A history of its own: what is shown of the room (if anything) is older than all of it,
            // and scrolling back would fetch this history's pages into the middle of the log.
            view.OlderUnavailable = view.Log.Any(e => e.Id is not null);
            view.StartHistory(opened.Room.LastId);
        }

        if (!view.Announced)
        {
            view.Announced = true;
            var requested = _requested.Remove(view.Name);
            if (!view.IsDirect && (requested ? $"You joined {view.Name}." : _joinNotice) is { } text)
            {
                view.StartReplayBefore(Notice(NoticeKind.Connection, text));
            }
        }
    }

    private void ApplyMessage(MessageReceived m)
    {
        var view = Ensure(m.Room);
        view.Saw(m.Id);
        var own = IsMe(m.From);
        if (own && m.Ref is { } reference)
        {
            view.EndReplay();
            view.Confirm(reference, waiting => new MessageEntry(waiting?.Key ?? NextKey("m"), m.Ts, m.From, m.Text)
            {
                Id = m.Id,
                IsOwn = true,
                Ref = reference,
            });
            return;
        }

        var mention = !own && Mentions.Names(m.Text, Me);
        var entry = new MessageEntry(NextKey("m"), m.Ts, m.From, m.Text)
        {
            Id = m.Id,
            IsOwn = own,
            Replay = m.Source == EventSource.Recent,
            Mention = mention,
        };
        Place(view, entry, m.Source);
        if (!own && m.Source is EventSource.Live or EventSource.CatchUp)
        {
            NoteNews(view, entry, mention, live: m.Source == EventSource.Live);
        }
    }

    /// <summary>A message from someone else that is news: unread unless you are looking, and maybe a notification.</summary>
    private void NoteNews(RoomView view, MessageEntry entry, bool mention, bool live)
    {
        var looking = view == Current && IsFocused;
        if (!looking)
        {
            view.CountUnread(mention, alert: mention || view.IsDirect);
            view.MarkNewFrom(entry.Key);
        }
        else if (!live)
        {
            // Missed while away, shown now: the divider marks where it starts.
            view.MarkNewFrom(entry.Key);
        }

        if (live && !looking && (mention || view.IsDirect) && NotificationsEnabled)
        {
            var title = view.IsDirect ? entry.From : $"{entry.From} in {view.Name}";
            var body = entry.Text.Length > 200 ? entry.Text[..200] + "…" : entry.Text;
            NotificationRaised?.Invoke(this, new DesktopNotice(title, body, view.Name));
        }
    }

    private void ApplyOutbox(OutgoingMessage message)
    {
        if (_reported.TryGetValue(message.Ref, out var reported))
        {
            // Post and Retry returned the state their own events reach last: the earlier ones are stale.
            if (message.State != reported)
            {
                return;
            }

            _reported.Remove(message.Ref);
        }

        var view = Ensure(message.Room);
        var delivery = DeliveryOf(message.State);
        var updated = view.UpdateOutgoing(message.Ref, shown => shown with
        {
            Delivery = delivery,
            Id = message.Id ?? shown.Id,
            Ts = message.Ts ?? shown.Ts,
            Error = delivery == DeliveryState.Failed ? message.ErrorMessage : null,
        });
        if (!updated && delivery is not DeliveryState.Sent && Me is not null)
        {
            // Not typed on this page (it was posted before the page knew the room): shown now.
            view.AddOutgoing(Outgoing(message));
        }
    }

    private MessageEntry Outgoing(OutgoingMessage message) =>
        new("own-" + message.Ref, message.QueuedAt, Me ?? "", message.Text)
        {
            IsOwn = true,
            Ref = message.Ref,
            Delivery = DeliveryOf(message.State),
            Error = message.ErrorMessage,
            Id = message.Id,
        };

    private static DeliveryState DeliveryOf(OutgoingState state) => state switch
    {
        OutgoingState.Waiting => DeliveryState.Waiting,
        OutgoingState.Sending => DeliveryState.Pending,
        OutgoingState.SendingSlowly => DeliveryState.SendingSlowly,
        OutgoingState.Sent => DeliveryState.Sent,
        _ => DeliveryState.Failed,
    };

    /// <summary>A room event goes where its source puts it: live ones at the end, replayed ones above the join's notice.</summary>
    private static void Place(RoomView view, ChatEntry entry, EventSource source)
    {
        if (source == EventSource.Live)
        {
            view.EndReplay();
            view.Append(entry);
        }
        else
        {
            view.AppendReplay(entry);
        }
    }

    private static void Sync(RoomView view, ChatRoom room)
    {
        view.Topic = room.Topic;
        view.Users = room.Users;
        view.Operators = room.Operators ?? [];
        view.IsJoined = room.IsJoined;
        view.Touch();
    }

    private RoomView? Find(string room) => _views.Find(v => string.Equals(v.Name, room, StringComparison.Ordinal));

    /// <summary>The view of a room, made when the room first shows up; the first one goes on screen.</summary>
    private RoomView Ensure(string room)
    {
        if (Find(room) is { } existing)
        {
            return existing;
        }

        var view = new RoomView(room);
        _views.Add(view);
        if (_savedUnread.Remove(room, out var unread))
        {
            view.RestoreUnread(unread.Messages, unread.Alerts, unread.Mentioned);
        }

        // The room on screen when the app last ran comes back on screen; until it shows up, no
        // other room takes its place (that would mark its news read).
        if (string.Equals(room, _restoreCurrent, StringComparison.Ordinal) || (Current is null && _restoreCurrent is null))
        {
            Show(view);
        }

        return view;
    }

    /// <summary>The room left the client's list: parted, or the join was refused.</summary>
    private void Remove(string room, string? reason)
    {
        if (Find(room) is not { } view)
        {
            return;
        }

        var index = _views.IndexOf(view);
        _views.Remove(view);
        if (Current == view)
        {
            Current = null;
            var rooms = Rooms;
            if (rooms.Count > 0)
            {
                Show(_views[Math.Clamp(index - 1, 0, _views.Count - 1)]);
            }
        }

        if (reason is not null)
        {
            Current?.Append(Notice(NoticeKind.Problem, reason));
            // In no room now: the empty screen says it instead.
            RoomlessNotice = Current is null ? reason : null;
        }
    }

    private void ClearRooms()
    {
        _views.Clear();
        _requested.Clear();
        Current = null;
        _joinNotice = null;
    }

    private void AddNoticeEverywhere(NoticeKind kind, string text)
    {
        foreach (var view in _views)
        {
            view.Append(Notice(kind, text));
        }
    }

    private NoticeEntry Notice(NoticeKind kind, string text, RoomEvent? of = null) =>
        new(NextKey("n"), of?.Ts ?? Now, kind, text) { Id = of?.Id };

    private bool IsMe(string user) => Me is not null && UsernameRules.Comparer.Equals(user, Me);

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
