using Piazza.Client.Core;
using Piazza.Protocol;

namespace Piazza.Client.Session;

/// <summary>Moving between rooms, joining and leaving them, and scrolling back through their history.</summary>
public sealed partial class ChatSession
{
    /// <summary>Puts a room on screen: its news is read from now on; the previous room's divider goes.</summary>
    public void Select(string room)
    {
        if (Find(room) is { } view && view != Current)
        {
            // A room chosen by hand wins over the one the app would have put back.
            _restoreCurrent = null;
            Show(view);
            Notify();
        }
    }

    /// <summary>Joins a room (a new name creates it) or opens a conversation, and puts it on screen; returns why not, or null.</summary>
    public async Task<string?> JoinAsync(string room)
    {
        ArgumentNullException.ThrowIfNull(room);
        var verdict = RoomNameRules.ValidateAddress(room.Trim());
        if (!verdict.IsValid)
        {
            return verdict.Message;
        }

        var name = RoomNameRules.Normalize(room.Trim());
        if (Find(name) is { IsJoined: true } open)
        {
            Select(open.Name);
            return null;
        }

        if (_client is not { } client || Phase != SessionPhase.Chat)
        {
            return "Not connected to a server.";
        }

        if (!RoomNameRules.IsDirect(name))
        {
            _requested.Add(name);
        }

        try
        {
            var joined = await client.JoinAsync(name, _disposed.Token);
            Show(Ensure(joined.Room));
            Notify();
            return null;
        }
        catch (ChatRequestException ex)
        {
            _requested.Remove(name);
            return ex.Message;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Opens the direct conversation with someone (a member of the Online list).</summary>
    public async Task OpenConversationAsync(string user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (await JoinAsync("@" + user) is { } error)
        {
            Current?.Append(Notice(NoticeKind.Problem, error));
            Notify();
        }
    }

    /// <summary>Leaves a room (everyone there sees you go) or closes a conversation; returns why not, or null.</summary>
    public async Task<string?> LeaveAsync(string? room = null)
    {
        var view = room is null ? Current : Find(RoomNameRules.Normalize(room.Trim()));
        if (view is null)
        {
            return room is null ? "You are in no room." : $"You are not in {room}.";
        }

        if (_client is not { } client)
        {
            return "Not connected to a server.";
        }

        try
        {
            await client.PartAsync(view.Name, _disposed.Token);
        }
        catch (ChatRequestException ex) when (ex.Code == ErrorCodes.NotInRoom)
        {
            // Only this page knew it (a conversation that never opened): it just goes.
        }
        catch (ChatRequestException ex)
        {
            return ex.Message;
        }
        catch (OperationCanceledException)
        {
            return null;
        }

        Remove(view.Name, reason: null);
        SaveCurrent();
        Notify();
        return null;
    }

    /// <summary>The Leave room button: leaves the room on screen; a refusal is said in its log.</summary>
    public async Task LeaveRoomAsync()
    {
        if (await LeaveAsync() is { } error)
        {
            Current?.Append(Notice(NoticeKind.Problem, error));
            Notify();
        }
    }

    /// <summary>Fetches the page of history before the oldest event shown, unless it is all there.</summary>
    public async Task LoadOlderAsync(string room)
    {
        // Only once the room is open: until its room frame came, where its history stands is unknown.
        if (Find(room) is not { IsJoined: true } view || view.IsLoadingOlder || view.ReachedBeginning || view.OlderUnavailable
            || _client is not { } client)
        {
            return;
        }

        var before = view.OlderBefore;
        if (before <= 1)
        {
            view.ReachedBeginning = true;
            view.Touch();
            Notify();
            return;
        }

        view.IsLoadingOlder = true;
        view.Touch();
        Notify();
        HistoryPage? page = null;
        try
        {
            page = await client.GetHistoryAsync(view.Name, before, HistoryPageSize, _disposed.Token);
        }
        catch (ChatRequestException ex)
        {
            Log.HistoryFailed(_logger, view.Name, ex.Message);
            view.OlderUnavailable = true;
        }
        catch (OperationCanceledException)
        {
            return;
        }
        finally
        {
            view.IsLoadingOlder = false;
            view.Touch();
        }

        // The room may have moved on meanwhile (a replay arrived, a new history began): then this
        // page may overlap what is shown, and the next scroll asks again from where it stands.
        if (page is not null && Find(room) == view && view.OlderBefore == before)
        {
            view.Prepend([.. page.Events.Select(HistoryEntry).OfType<ChatEntry>()]);
            foreach (var e in page.Events)
            {
                view.Saw(e.Id);
                if (e is ModerationChanged change)
                {
                    view.Mutes.Apply(change);
                }
            }

            view.ReachedBeginning = page.ReachedBeginning;
            view.Touch();
        }

        Notify();
    }

    /// <summary>An event loaded by scrolling back, as the log shows it; your own joins and leaves are not shown.</summary>
    private ChatEntry? HistoryEntry(RoomEvent e) => e switch
    {
        MessageReceived m => new MessageEntry(NextKey("h"), m.Ts, m.From, m.Text)
        {
            Id = m.Id,
            IsOwn = IsMe(m.From),
            Replay = true,
            Mention = !IsMe(m.From) && Mentions.Names(m.Text, Me),
        },
        UserJoined j when !IsMe(j.User) => Notice(NoticeKind.Joined, Texts.Joined(j.User), j),
        UserLeft l when !IsMe(l.User) => Notice(l.Reason == LeaveReasons.Kicked ? NoticeKind.Moderation : NoticeKind.Left,
            Texts.Left(l.User, l.Reason, l.By, l.Note), l),
        ModerationChanged m => Notice(NoticeKind.Moderation, Texts.Moderation(m, Me), m),
        TopicChanged t => Notice(NoticeKind.Topic, Texts.TopicSet(t.User, t.Topic), t),
        _ => null,
    };

    private void Show(RoomView view)
    {
        if (Current is { } previous && previous != view)
        {
            previous.ClearDivider();
        }

        Current = view;
        RoomlessNotice = null;
        if (string.Equals(view.Name, _restoreCurrent, StringComparison.Ordinal))
        {
            _restoreCurrent = null;
        }

        if (IsFocused)
        {
            view.MarkRead();
        }

        view.Touch();
        SaveCurrent();
    }

    /// <summary>The room on screen is remembered per account, so the app reopens on it.</summary>
    private void SaveCurrent()
    {
        if (_account is { } account && _restoreCurrent is null)
        {
            _settings.SaveCurrent(account, Current?.Name);
        }
    }
}
