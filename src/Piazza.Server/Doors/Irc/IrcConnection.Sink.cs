using Piazza.Protocol;
using Piazza.Server.Chat;
using Piazza.Server.Transport;
using Piazza.Store;

namespace Piazza.Server.Doors.Irc;

/// <summary>The chat's side: room events become IRC lines on this connection's queue.</summary>
internal sealed partial class IrcConnection
{
    /// <summary>Says of this connection's own that wait for their echo, by ref: the label and command to echo them with.</summary>
    private readonly Dictionary<string, (string? Label, string Command)> _echoes = new(StringComparer.Ordinal);

    public bool Deliver(RoomEvent roomEvent, EventView view)
    {
        Track(roomEvent.Data);
        return _link.Queue.Enqueue(Lines(roomEvent)) != EnqueueResult.Overflow;
    }

    public bool Acknowledge(RoomEvent roomEvent, EventView view, string? reference)
    {
        (string? Label, string Command) echo = (null, "PRIVMSG");
        if (reference is not null)
        {
            lock (_gate)
            {
                if (_echoes.Remove(reference, out var found))
                {
                    echo = found;
                }
            }
        }

        if (!Has(IrcCaps.EchoMessage))
        {
            // The sender's own message, without echo-message: nothing to show.
            return true;
        }

        byte[] bytes;
        if (echo.Label is null && echo.Command == "PRIVMSG")
        {
            bytes = Lines(roomEvent);
        }
        else
        {
            var line = _door.Plain.Encode(roomEvent.Data, TagsWanted, batch: null);
            bytes = Relabel(line, echo.Label, echo.Command);
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

    /// <summary>An echo's lines with its label, and as NOTICE when it was sent as one.</summary>
    private static byte[] Relabel(byte[] lines, string? label, string command)
    {
        var text = System.Text.Encoding.UTF8.GetString(lines);
        var result = new List<byte>(lines.Length + 32);
        foreach (var raw in text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries))
        {
            if (IrcLine.Parse(raw, out var message) != IrcLineStatus.Message)
            {
                continue;
            }

            var tags = string.Join(';', message!.Tags.Select(t => t.Key + "=" + IrcLine.Escape(t.Value)));
            if (label is not null)
            {
                tags = tags.Length == 0 ? "label=" + IrcLine.Escape(label) : "label=" + IrcLine.Escape(label) + ";" + tags;
                label = null;
            }

            result.AddRange(IrcLine.Write(tags.Length == 0 ? null : tags, message.Source, command, [.. message.Params]));
        }

        return [.. result];
    }
}
