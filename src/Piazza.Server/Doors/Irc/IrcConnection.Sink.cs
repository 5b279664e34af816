using Piazza.Protocol;
using Piazza.Server.Chat;
using Piazza.Server.Transport;
using Piazza.Store;

namespace Piazza.Server.Doors.Irc;

/// <summary>The chat's side: room events become IRC lines on this connection's queue.</summary>
internal sealed partial class IrcConnection
{
    /// <summary>Notices of this connection's own that wait for their echo, by ref: the command to echo them with.</summary>
    private readonly Dictionary<string, string> _echoes = new(StringComparer.Ordinal);

    public bool Deliver(RoomEvent roomEvent, EventView view)
    {
        Track(roomEvent.Data);
        if (_link.Queue.Enqueue(Lines(roomEvent)) == EnqueueResult.Overflow)
        {
            return false;
        }

        // away-notify: someone away who joins is announced away at once.
        if (roomEvent.Kind == EventKind.Joined && Has(IrcCaps.AwayNotify) && _door.Directory.Find(roomEvent.Data.User)?.AwayMessage is { } away)
        {
            return _link.Queue.Enqueue(IrcLine.Write(null, _door.Plain.Mask(roomEvent.Data.User), "AWAY", away)) != EnqueueResult.Overflow;
        }

        return true;
    }

    public bool Acknowledge(RoomEvent roomEvent, EventView view, string? reference)
    {
        var command = "PRIVMSG";
        if (reference is not null)
        {
            lock (_gate)
            {
                if (_echoes.Remove(reference, out var found))
                {
                    command = found;
                }
            }
        }

        // A note to self arrives as a message to this client as well as the echo of its own.
        var data = roomEvent.Data;
        var toSelf = DirectKey.TryParse(data.Room, out var first, out var second) && first == second;
        if (toSelf && _link.Queue.Enqueue(Lines(roomEvent)) == EnqueueResult.Overflow)
        {
            return false;
        }

        if (!Has(IrcCaps.EchoMessage))
        {
            // The sender's own message, without echo-message: nothing more to show.
            return true;
        }

        var bytes = command == "PRIVMSG" ? Lines(roomEvent) : Relabel(_door.Plain.Encode(data, TagsWanted, batch: null), command);
        lock (_gate)
        {
            if (_label is not null)
            {
                // The echo of a labeled command is part of its answer.
                _replies.AddRange(Parsed(bytes));
                return true;
            }
        }

        return _link.Queue.Enqueue(bytes) != EnqueueResult.Overflow;
    }

    public void Opened(RoomOpening opening)
    {
        if (opening.Room.IsDirect)
        {
            // A conversation needs no opening on IRC: its messages name the person.
            return;
        }

        var channel = opening.Room.Key;
        lock (_gate)
        {
            if (!_channels.Add(channel))
            {
                // Already in it (a re-join): IRC says nothing.
                return;
            }
        }

        var session = _session;
        if (session is null)
        {
            return;
        }

        Reply(null, _door.Plain.Mask(session.Name), "JOIN", channel);
        if (!string.IsNullOrEmpty(opening.Topic))
        {
            Numeric(Numerics.Topic, channel, opening.Topic);
        }

        SendNames(channel, opening.Users, opening.Operators);
    }

    public void Evict() => _link.EvictSlow();

    /// <summary>A newer connection took this session over: closed without a word.</summary>
    public void Replace() => _link.Close(LeaveReasons.Replaced, ErrorLine("Session replaced"));

    /// <summary>Banned from the server: told why, then closed.</summary>
    public void Expel(string message) => _link.Close(LeaveReasons.Kicked, ErrorLine(message));

    /// <summary>The tags this client's lines carry: time with server-time, msgid with message-tags.</summary>
    private IrcTags TagsWanted =>
        (Has(IrcCaps.ServerTime) ? IrcTags.Time : IrcTags.None) | (Has(IrcCaps.MessageTags) ? IrcTags.MessageId : IrcTags.None);

    /// <summary>An event's lines as this client takes them: one of the two cached renderings, or made for it.</summary>
    private byte[] Lines(RoomEvent roomEvent) => TagsWanted switch
    {
        IrcTags.None => roomEvent.Encoded(_door.Plain, EventView.Live),
        IrcTags.Time | IrcTags.MessageId => roomEvent.Encoded(_door.Tagged, EventView.Live),
        var tags => _door.Plain.Encode(roomEvent.Data, tags, batch: null),
    };

    /// <summary>Keeps the channel list right when this client leaves a channel (its own part or kick).</summary>
    private void Track(StoredEvent data)
    {
        if (data.Kind == EventKind.Left && _session is { } session && string.Equals(data.User, session.Name, StringComparison.OrdinalIgnoreCase)
            && (data.Reason is LeaveReasons.Part or LeaveReasons.Kicked))
        {
            lock (_gate)
            {
                _channels.Remove(data.Room);
            }
        }
    }

    /// <summary>An echo's lines under another command (NOTICE).</summary>
    private static byte[] Relabel(byte[] lines, string command)
    {
        var result = new List<byte>(lines.Length + 8);
        foreach (var line in Parsed(lines))
        {
            result.AddRange(IrcLine.Write(line.Tags, line.Source, command, line.Params));
        }

        return [.. result];
    }

    /// <summary>Lines made already, parsed back into what a labeled answer holds.</summary>
    private static List<OutLine> Parsed(byte[] lines)
    {
        var result = new List<OutLine>();
        foreach (var raw in System.Text.Encoding.UTF8.GetString(lines).Split("\r\n", StringSplitOptions.RemoveEmptyEntries))
        {
            if (IrcLine.Parse(raw, out var message) == IrcLineStatus.Message)
            {
                var tags = string.Join(';', message!.Tags.Select(t => t.Key + "=" + IrcLine.Escape(t.Value)));
                result.Add(new OutLine(tags.Length == 0 ? null : tags, message.Source, message.Command, [.. message.Params]));
            }
        }

        return result;
    }
}
