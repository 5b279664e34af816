using Piazza.Protocol;
using Piazza.Server.Chat;

namespace Piazza.Server.Doors.Irc;

/// <summary>Channels are Piazza rooms: JOIN, PART, TOPIC, NAMES and KICK.</summary>
internal sealed partial class IrcConnection
{
    private async ValueTask<bool> OnJoinAsync(ChatSession session, IrcMessage message)
    {
        var list = message.Param(0);
        if (string.IsNullOrEmpty(list))
        {
            Numeric(Numerics.NeedMoreParams, "JOIN", "Not enough parameters");
            return true;
        }

        if (list == "0")
        {
            foreach (var room in session.RoomKeys())
            {
                await _chat.PartAsync(session, room);
            }

            return true;
        }

        foreach (var channel in list.Split(',', StringSplitOptions.RemoveEmptyEntries).Take(_settings.MaxRoomsPerConnection))
        {
            if (!IrcNames.IsChannel(channel) || !RoomNameRules.Validate(channel).IsValid)
            {
                Numeric(Numerics.NoSuchChannel, channel, "No such channel: " + RoomNameRules.Rule);
                continue;
            }

            if (await _chat.JoinAsync(session, channel, cursor: null) is { } refusal)
            {
                RefuseJoin(channel, refusal);
            }
        }

        return true;
    }

    private void RefuseJoin(string channel, ChatRefusal refusal)
    {
        switch (refusal.Error)
        {
            case ChatError.Closing:
                return;
            case ChatError.TooManyRooms:
                Numeric(Numerics.TooManyChannels, channel, "You have joined too many channels: " + refusal.Message);
                return;
            case ChatError.NotPermitted:
                Numeric(Numerics.BannedFromChan, channel, "Cannot join channel (+b): " + refusal.Message);
                return;
            case ChatError.InvalidRoom:
                Numeric(Numerics.NoSuchChannel, channel, "No such channel: " + refusal.Message);
                return;
            default:
                Fail("JOIN", Code(refusal.Error), refusal.Message, channel);
                return;
        }
    }

    private async ValueTask<bool> OnPartAsync(ChatSession session, IrcMessage message)
    {
        var list = message.Param(0);
        if (string.IsNullOrEmpty(list))
        {
            Numeric(Numerics.NeedMoreParams, "PART", "Not enough parameters");
            return true;
        }

        foreach (var channel in list.Split(',', StringSplitOptions.RemoveEmptyEntries).Take(_settings.MaxRoomsPerConnection))
        {
            if (!IrcNames.IsChannel(channel) || !RoomNameRules.Validate(channel).IsValid)
            {
                Numeric(Numerics.NoSuchChannel, channel, "No such channel");
                continue;
            }

            if (await _chat.PartAsync(session, channel, Note(message.Param(1))) is { } refusal)
            {
                RefuseInChannel("PART", channel, refusal);
            }
        }

        return true;
    }

    private async ValueTask<bool> OnTopicAsync(ChatSession session, IrcMessage message)
    {
        var channel = message.Param(0);
        if (string.IsNullOrEmpty(channel))
        {
            Numeric(Numerics.NeedMoreParams, "TOPIC", "Not enough parameters");
            return true;
        }

        if (!IrcNames.IsChannel(channel) || !RoomNameRules.Validate(channel).IsValid)
        {
            Numeric(Numerics.NoSuchChannel, channel, "No such channel");
            return true;
        }

        var key = RoomNameRules.Normalize(channel);
        if (message.Params.Count < 2)
        {
            var topic = _chat.RoomState(key)?.Topic;
            if (!ChannelExists(session, key))
            {
                Numeric(Numerics.NoSuchChannel, channel, "No such channel");
            }
            else if (string.IsNullOrEmpty(topic))
            {
                Numeric(Numerics.NoTopic, key, "No topic is set");
            }
            else
            {
                Numeric(Numerics.Topic, key, topic);
            }

            return true;
        }

        if (await _chat.SetTopicAsync(session, key, message.Params[1]) is { } refusal)
        {
            RefuseInChannel("TOPIC", key, refusal);
        }

        return true;
    }

    /// <summary>NAMES answers for at most this many channels at once (TARGMAX).</summary>
    private const int MaxNamesTargets = 10;

    private void OnNames(ChatSession session, IrcMessage message)
    {
        var list = message.Param(0);
        if (string.IsNullOrEmpty(list))
        {
            Numeric(Numerics.EndOfNames, "*", "End of /NAMES list");
            return;
        }

        foreach (var channel in list.Split(',', StringSplitOptions.RemoveEmptyEntries).Take(MaxNamesTargets))
        {
            var key = RoomNameRules.Validate(channel).IsValid ? RoomNameRules.Normalize(channel) : channel;
            var users = RoomNameRules.Validate(channel).IsValid ? _chat.Who(session, key, out _) : null;
            if (users is null)
            {
                Numeric(Numerics.EndOfNames, key, "End of /NAMES list");
                continue;
            }

            SendNames(key, users, _chat.Moderation.Operators(key));
        }
    }

    /// <summary>353 lines (as many as the members need) and 366.</summary>
    private void SendNames(string channel, IReadOnlyList<string> users, IReadOnlyList<string>? operators)
    {
        var names = users.Select(u => Prefixed(u, operators)).ToList();
        var prefix = $":{_settings.ServerName} {Numerics.NamReply} {Nick} = {channel} :";
        var line = new List<string>();
        var length = prefix.Length;
        foreach (var name in names)
        {
            if (line.Count > 0 && length + name.Length + 1 > IrcLine.MaxBodyBytes - 2)
            {
                Numeric(Numerics.NamReply, "=", channel, string.Join(' ', line));
                line.Clear();
                length = prefix.Length;
            }

            line.Add(name);
            length += name.Length + 1;
        }

        if (line.Count > 0)
        {
            Numeric(Numerics.NamReply, "=", channel, string.Join(' ', line));
        }

        Numeric(Numerics.EndOfNames, channel, "End of /NAMES list");
    }

    /// <summary>A member as NAMES shows it: <c>@</c> for an operator, the full mask with userhost-in-names.</summary>
    private string Prefixed(string name, IReadOnlyList<string>? operators)
    {
        var shown = Has(IrcCaps.UserhostInNames) ? _door.Plain.Mask(name) : IrcNames.ToNick(name);
        return IsOperator(name, operators) ? "@" + shown : shown;
    }

    private bool IsOperator(string name, IReadOnlyList<string>? operators)
    {
        var key = name.ToLowerInvariant();
        return operators?.Contains(key) == true || _chat.Members.Find(name)?.IsAdmin == true;
    }

    private async ValueTask<bool> OnKickAsync(ChatSession session, IrcMessage message)
    {
        if (message.Params.Count < 2)
        {
            Numeric(Numerics.NeedMoreParams, "KICK", "Not enough parameters");
            return true;
        }

        var channel = message.Params[0];
        if (!IrcNames.IsChannel(channel) || !RoomNameRules.Validate(channel).IsValid)
        {
            Numeric(Numerics.NoSuchChannel, channel, "No such channel");
            return true;
        }

        var key = RoomNameRules.Normalize(channel);
        if (!ChannelExists(session, key))
        {
            Numeric(Numerics.NoSuchChannel, channel, "No such channel");
            return true;
        }

        if (session.Find(key) is null)
        {
            Numeric(Numerics.NotOnChannel, key, "You're not on that channel");
            return true;
        }

        var reason = message.Params.Count > 2 && message.Params[2].Length > 0 ? message.Params[2] : null;
        foreach (var nick in message.Params[1].Split(',', StringSplitOptions.RemoveEmptyEntries).Take(4))
        {
            var (refusal, _) = await _chat.ModerateAsync(session,
                new ModerationRequest(ModerationAction.Kick, key, IrcNames.FromNick(nick), null, null, reason));
            if (refusal is null)
            {
                continue;
            }

            switch (refusal.Error)
            {
                case ChatError.NotPermitted:
                    Numeric(Numerics.ChanOPrivsNeeded, key, "You're not channel operator");
                    break;
                case ChatError.NoSuchUser or ChatError.InvalidUsername:
                    Numeric(Numerics.UserNotInChannel, nick, key, "They aren't on that channel");
                    break;
                default:
                    RefuseInChannel("KICK", key, refusal);
                    break;
            }
        }

        return true;
    }

    /// <summary>
    /// True when IRC should see the channel: the client is in it, or someone is. A Piazza room
    /// lives on when empty (its history and topic are kept); to IRC an empty room is no channel
    /// until someone joins it again.
    /// </summary>
    private bool ChannelExists(ChatSession session, string key) =>
        session.Find(key) is not null || _chat.RoomState(key) is { Members: > 0 };

    /// <summary>A PART or QUIT message as a Piazza note: formatting removed, and only when it passes the topic rules (one line, at most 300 characters).</summary>
    private static string? Note(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var plain = StripFormatting(text).Trim();
        return plain.Length > 0 && TopicRules.Validate(plain).IsValid ? plain : null;
    }

    /// <summary>A refusal about a channel, as the numeric IRC clients expect.</summary>
    private void RefuseInChannel(string command, string channel, ChatRefusal refusal)
    {
        switch (refusal.Error)
        {
            case ChatError.Closing:
                return;
            case ChatError.NotInRoom:
                Numeric(Numerics.NotOnChannel, channel, "You're not on that channel");
                return;
            case ChatError.InvalidRoom:
                Numeric(Numerics.NoSuchChannel, channel, "No such channel");
                return;
            case ChatError.NotPermitted:
                Numeric(Numerics.ChanOPrivsNeeded, channel, refusal.Message);
                return;
            default:
                Fail(command, Code(refusal.Error), refusal.Message, channel);
                return;
        }
    }

    /// <summary>A chat error as a standard-replies code.</summary>
    private static string Code(ChatError error) => error switch
    {
        ChatError.StoreUnavailable => "TEMPORARILY_UNAVAILABLE",
        ChatError.InvalidText => "INVALID_TEXT",
        ChatError.BadRequest => "INVALID_PARAMS",
        ChatError.TooManyRooms => "TOO_MANY_CHANNELS",
        ChatError.NotPermitted => "NOT_PERMITTED",
        _ => error.ToString().ToUpperInvariant(),
    };
}
