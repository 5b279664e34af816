using System.Globalization;
using Piazza.Protocol;
using Piazza.Server.Chat;

namespace Piazza.Server.Doors.Irc;

/// <summary>Questions about people and channels: WHO (and WHOX), WHOIS, WHOWAS, MODE, LIST, AWAY, USERHOST, ISON.</summary>
internal sealed partial class IrcConnection
{
    /// <summary>A WHO by mask answers at most this many people.</summary>
    private const int MaxWhoReplies = 500;

    private volatile bool _invisible;

    /// <summary>True with user mode +i: a WHO by mask does not find this user.</summary>
    public bool Invisible => _invisible;

    private volatile bool _bot;

    /// <summary>True with user mode +B: the client says it is a bot (WHO, WHOIS and the <c>bot</c> tag show it to IRC clients).</summary>
    public bool IsBot => _bot;

    /// <summary>IRC mask matching: <c>*</c> any run, <c>?</c> one character, letters compared without case (CASEMAPPING=ascii).</summary>
    public static bool Glob(string mask, string name)
    {
        int m = 0, n = 0, star = -1, mark = 0;
        while (n < name.Length)
        {
            if (m < mask.Length && (mask[m] == '?' || char.ToLowerInvariant(mask[m]) == char.ToLowerInvariant(name[n])) && mask[m] != '*')
            {
                m++;
                n++;
            }
            else if (m < mask.Length && mask[m] == '*')
            {
                star = m++;
                mark = n;
            }
            else if (star >= 0)
            {
                m = star + 1;
                n = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (m < mask.Length && mask[m] == '*')
        {
            m++;
        }

        return m == mask.Length;
    }

    private void OnWho(ChatSession session, IrcMessage message)
    {
        var mask = message.Param(0) ?? "*";
        string? fields = null;
        string? token = null;
        if (message.Param(1) is ['%', .. var options])
        {
            var comma = options.IndexOf(',', StringComparison.Ordinal);
            fields = comma < 0 ? options : options[..comma];
            token = comma < 0 ? null : options[(comma + 1)..];
        }

        if (IrcNames.IsChannel(mask))
        {
            var key = RoomNameRules.Validate(mask).IsValid ? RoomNameRules.Normalize(mask) : null;
            var users = key is null ? null : _chat.Who(session, key, out _);
            if (users is not null)
            {
                var operators = _chat.Moderation.Operators(key!);
                foreach (var user in users)
                {
                    WhoLine(key!, user, operators, fields, token);
                }
            }

            Numeric(Numerics.EndOfWho, key ?? mask, "End of WHO list");
            return;
        }

        // Invisible people (+i) are found by their exact nick or by sharing a channel, not by a mask.
        var exact = !mask.Contains('*', StringComparison.Ordinal) && !mask.Contains('?', StringComparison.Ordinal);
        var mine = session.RoomKeys();
        // The registry's lock is held only for the name match; the rest is checked outside it.
        foreach (var person in _chat.Members.Matching(p => Glob(mask, IrcNames.ToNick(p.Name)), MaxWhoReplies)
            .Where(p => exact || p == session.Person || _door.Directory.Find(p.Name)?.Invisible != true
                || _chat.Members.SessionsOf(p.Name).Any(s => mine.Any(r => s.Find(r) is not null))))
        {
            WhoLine("*", person.Name, null, fields, token);
        }

        Numeric(Numerics.EndOfWho, mask, "End of WHO list");
    }

    /// <summary>One 352 line, or a 354 with the WHOX fields asked for, in WHOX's fixed order.</summary>
    private void WhoLine(string channel, string name, IReadOnlyList<string>? operators, string? fields, string? token)
    {
        var nick = IrcNames.ToNick(name);
        var connection = _door.Directory.Find(name);
        var user = _door.Directory.UserOf(name);
        var flags = (connection?.AwayMessage is null ? "H" : "G") + (connection?.IsBot == true ? "B" : "") + (channel != "*" && IsOperator(name, operators) ? "@" : "");
        var realName = connection?.RealName is { Length: > 0 } given ? given : name;
        if (fields is null)
        {
            Numeric(Numerics.WhoReply, channel, user, _settings.Host, _settings.ServerName, nick, flags, "0 " + realName);
            return;
        }

        var values = new List<string>();
        foreach (var field in "tcuihsnfdlaor")
        {
            if (!fields.Contains(field, StringComparison.Ordinal))
            {
                continue;
            }

            values.Add(field switch
            {
                't' => token ?? "0",
                'c' => channel,
                'u' => user,
                'i' => "255.255.255.255",
                'h' => _settings.Host,
                's' => _settings.ServerName,
                'n' => nick,
                'f' => flags,
                'd' => "0",
                'l' => "0",
                'a' => _chat.Members.Find(name)?.IsAccount == true ? nick : "0",
                'o' => "n/a",
                _ => realName,
            });
        }

        if (values.Count > 0 && fields.Contains('r', StringComparison.Ordinal))
        {
            // The real name may hold spaces: it is the last field, written as trailing.
            Numeric(Numerics.WhoSpcRpl, [.. values]);
        }
        else
        {
            if (values.Count == 0)
            {
                values.Add("");
            }

            Numeric(Numerics.WhoSpcRpl, [.. values]);
        }
    }

    private void OnWhois(IrcMessage message)
    {
        var target = message.Params.Count switch
        {
            0 => null,
            1 => message.Params[0],
            _ => message.Params[1],
        };
        if (string.IsNullOrEmpty(target))
        {
            Numeric(Numerics.NoNicknameGiven, "No nickname given");
            return;
        }

        var nick = target.Split(',')[0];
        var person = IrcNames.Check(nick) is null ? _chat.Members.Find(IrcNames.FromNick(nick)) : null;
        if (person is null)
        {
            Numeric(Numerics.NoSuchNick, nick, "No such nick/channel");
            Numeric(Numerics.EndOfWhois, nick, "End of /WHOIS list");
            return;
        }

        var shown = IrcNames.ToNick(person.Name);
        var connection = _door.Directory.Find(person.Name);
        Numeric(Numerics.WhoisUser, shown, _door.Directory.UserOf(person.Name), _settings.Host, "*",
            connection?.RealName is { Length: > 0 } real ? real : person.Name);
        var sessions = _chat.Members.SessionsOf(person.Name);
        var rooms = sessions.SelectMany(s => s.RoomKeys()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(r => (IsOperator(person.Name, _chat.Moderation.Operators(r)) ? "@" : "") + r).ToList();
        if (rooms.Count > 0)
        {
            Numeric(Numerics.WhoisChannels, shown, string.Join(' ', rooms));
        }

        Numeric(Numerics.WhoisServer, shown, _settings.ServerName, connection is null ? "Piazza client" : "Piazza IRC door");
        if (person.IsAdmin)
        {
            Numeric(Numerics.WhoisOperator, shown, "is a server operator");
        }

        if (connection?.IsBot == true)
        {
            Numeric("335", shown, "is a bot");
        }

        if (connection?.AwayMessage is { } away)
        {
            Numeric(Numerics.Away, shown, away);
        }

        if (person.IsAccount)
        {
            Numeric(Numerics.WhoisAccount, shown, shown, "is logged in as");
        }

        Numeric(Numerics.EndOfWhois, shown, "End of /WHOIS list");
    }

    private void OnWhowas(IrcMessage message)
    {
        var nick = message.Param(0);
        if (string.IsNullOrEmpty(nick))
        {
            Numeric(Numerics.NoNicknameGiven, "No nickname given");
            return;
        }

        Numeric(Numerics.WasNoSuchNick, nick, "There was no such nickname");
        Numeric(Numerics.EndOfWhoWas, nick, "End of WHOWAS");
    }

    private async ValueTask<bool> OnModeAsync(ChatSession session, IrcMessage message)
    {
        var target = message.Param(0);
        if (string.IsNullOrEmpty(target))
        {
            Numeric(Numerics.NeedMoreParams, "MODE", "Not enough parameters");
            return true;
        }

        if (!IrcNames.IsChannel(target))
        {
            OnUserMode(session, target, message.Param(1));
            return true;
        }

        if (!RoomNameRules.Validate(target).IsValid)
        {
            Numeric(Numerics.NoSuchChannel, target, "No such channel");
            return true;
        }

        var key = RoomNameRules.Normalize(target);
        if (!ChannelExists(session, key))
        {
            Numeric(Numerics.NoSuchChannel, target, "No such channel");
            return true;
        }

        var modes = message.Param(1);
        if (string.IsNullOrEmpty(modes))
        {
            Numeric(Numerics.ChannelModeIs, key, "+n");
            return true;
        }

        await ChangeChannelModesAsync(session, key, modes, message.Params.Skip(2).ToList());
        return true;
    }

    private async Task ChangeChannelModesAsync(ChatSession session, string key, string modes, List<string> arguments)
    {
        var adding = true;
        var next = 0;
        foreach (var mode in modes)
        {
            switch (mode)
            {
                case '+':
                    adding = true;
                    continue;
                case '-':
                    adding = false;
                    continue;
                case 'b' when next >= arguments.Count:
                    // A ban list query: bans on names are listed to operators through Piazza's own tools; IRC sees none.
                    Numeric(Numerics.EndOfBanList, key, "End of channel ban list");
                    continue;
                case 'o' or 'b':
                    var argument = next < arguments.Count ? arguments[next++] : null;
                    if (argument is null)
                    {
                        Numeric(Numerics.NeedMoreParams, "MODE", "Not enough parameters");
                        continue;
                    }

                    await ModerateByModeAsync(session, key, mode, adding, argument);
                    continue;
                case 'n':
                    // Always on: no messages from outside the room.
                    continue;
                default:
                    Numeric(Numerics.UnknownMode, mode.ToString(), "is unknown mode char to me");
                    continue;
            }
        }
    }

    private async Task ModerateByModeAsync(ChatSession session, string key, char mode, bool adding, string argument)
    {
        var nick = mode == 'b' ? argument.Split('!')[0] : argument;
        if (IrcNames.Check(nick) is not null)
        {
            Numeric(Numerics.NoSuchNick, nick, "No such nick/channel");
            return;
        }

        var action = (mode, adding) switch
        {
            ('o', true) => ModerationAction.Op,
            ('o', false) => ModerationAction.Deop,
            (_, true) => ModerationAction.Ban,
            _ => ModerationAction.Unban,
        };
        var (refusal, _) = await _chat.ModerateAsync(session, new ModerationRequest(action, key, IrcNames.FromNick(nick), null, null, null));
        if (refusal is null)
        {
            return;
        }

        if (refusal.Error == ChatError.NotPermitted)
        {
            Numeric(Numerics.ChanOPrivsNeeded, key, "You're not channel operator");
        }
        else if (refusal.Error is ChatError.NoSuchUser or ChatError.InvalidUsername)
        {
            Numeric(Numerics.NoSuchNick, nick, "No such nick/channel");
        }
        else
        {
            RefuseInChannel("MODE", key, refusal);
        }
    }

    private void OnUserMode(ChatSession session, string target, string? modes)
    {
        var self = IrcNames.ToNick(session.Name);
        if (!string.Equals(target, self, StringComparison.OrdinalIgnoreCase))
        {
            if (IrcNames.Check(target) is not null || _chat.Members.Find(IrcNames.FromNick(target)) is null)
            {
                Numeric(Numerics.NoSuchNick, target, "No such nick/channel");
            }
            else
            {
                Numeric(Numerics.UsersDontMatch, "Cant change mode for other users");
            }

            return;
        }

        if (string.IsNullOrEmpty(modes))
        {
            Numeric(Numerics.UModeIs, "+" + (_bot ? "B" : "") + (_invisible ? "i" : ""));
            return;
        }

        var adding = true;
        var changed = "";
        var unknown = false;
        foreach (var mode in modes)
        {
            switch (mode)
            {
                case '+' or '-':
                    adding = mode == '+';
                    break;
                case 'i':
                    if (_invisible != adding)
                    {
                        _invisible = adding;
                        changed += (adding ? "+" : "-") + "i";
                    }

                    break;
                case 'B':
                    if (_bot != adding)
                    {
                        _bot = adding;
                        changed += (adding ? "+" : "-") + "B";
                    }

                    break;
                default:
                    unknown = true;
                    break;
            }
        }

        if (unknown)
        {
            Numeric(Numerics.UModeUnknownFlag, "Unknown MODE flag");
        }

        if (changed.Length > 0)
        {
            Reply(null, self, "MODE", self, changed);
        }
    }

    /// <summary>LIST, with ELIST=MNU: channel names, masks (<c>#c*</c>), negated masks (<c>!*x*</c>), and member counts (<c>&gt;3</c>, <c>&lt;10</c>).</summary>
    private void OnList(IrcMessage message)
    {
        var conditions = (message.Param(0) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Take(16).ToList();
        Numeric(Numerics.ListStart, "Channel", "Users  Name");
        foreach (var (room, topic, members) in _chat.ListRooms())
        {
            // An IRC channel exists while someone is in it: rooms nobody is in are not listed.
            if (members > 0 && ListMatches(conditions, room, members))
            {
                Numeric(Numerics.List, room, members.ToString(CultureInfo.InvariantCulture), topic ?? "");
            }
        }

        Numeric(Numerics.ListEnd, "End of /LIST");
    }

    private static bool ListMatches(List<string> conditions, string room, int members)
    {
        var names = conditions.Where(c => c[0] is not ('>' or '<' or '!')).ToList();
        if (names.Count > 0 && !names.Exists(n => Glob(n, room)))
        {
            return false;
        }

        foreach (var condition in conditions)
        {
            var number = int.TryParse(condition.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : (int?)null;
            switch (condition[0])
            {
                case '>' when number is not null && members <= number:
                case '<' when number is not null && members >= number:
                case '!' when Glob(condition[1..], room):
                    return false;
            }
        }

        return true;
    }

    private void OnAway(ChatSession session, IrcMessage message)
    {
        var text = message.Param(0);
        if (string.IsNullOrEmpty(text))
        {
            AwayMessage = null;
            Numeric(Numerics.UnAway, "You are no longer marked as being away");
        }
        else
        {
            AwayMessage = text.Length > ProtocolLimits.MaxTopicScalars ? text[..ProtocolLimits.MaxTopicScalars] : text;
            Numeric(Numerics.NowAway, "You have been marked as being away");
        }

        NotifyAway(session);
    }

    /// <summary>away-notify: IRC clients that share a channel with this one (or monitor it, with extended-monitor) and asked for it see the change.</summary>
    private void NotifyAway(ChatSession session)
    {
        var line = AwayMessage is null
            ? IrcLine.Write(null, _door.Plain.Mask(session.Name), "AWAY")
            : IrcLine.Write(null, _door.Plain.Mask(session.Name), "AWAY", AwayMessage);
        TellWatchers(session, line, IrcCaps.AwayNotify);
    }

    /// <summary>
    /// Sends <paramref name="line"/> to the other IRC clients that asked for <paramref name="cap"/>
    /// and share a channel with this one, or monitor it with extended-monitor.
    /// </summary>
    private void TellWatchers(ChatSession session, byte[] line, IrcCaps cap)
    {
        var rooms = session.RoomKeys();
        foreach (var other in _door.Directory.All)
        {
            if (ReferenceEquals(other, this) || !other.Has(cap) || other._session is not { } theirs)
            {
                continue;
            }

            if (Array.Exists(rooms, r => theirs.Find(r) is not null) || (other.Has(IrcCaps.ExtendedMonitor) && other.Monitors(session.Key)))
            {
                other._link.Send(line);
            }
        }
    }

    private void OnSetname(ChatSession session, IrcMessage message)
    {
        var name = message.Param(0);
        if (string.IsNullOrWhiteSpace(name) || name.Length > MaxRealName)
        {
            Fail("SETNAME", "INVALID_REALNAME", $"A real name is 1 to {MaxRealName} characters");
            return;
        }

        RealName = name;
        var line = IrcLine.Write(null, _door.Plain.Mask(session.Name), "SETNAME", name);
        if (Has(IrcCaps.Setname))
        {
            ReplyBytes(line);
        }

        TellWatchers(session, line, IrcCaps.Setname);
    }

    /// <summary>The longest real name SETNAME takes.</summary>
    private const int MaxRealName = 100;

    private void OnUserhost(IrcMessage message)
    {
        if (message.Params.Count == 0)
        {
            Numeric(Numerics.NeedMoreParams, "USERHOST", "Not enough parameters");
            return;
        }

        var replies = new List<string>();
        foreach (var nick in message.Params.Take(5))
        {
            if (IrcNames.Check(nick) is null && _chat.Members.Find(IrcNames.FromNick(nick)) is { } person)
            {
                var away = _door.Directory.Find(person.Name)?.AwayMessage is null ? "+" : "-";
                replies.Add($"{IrcNames.ToNick(person.Name)}{(person.IsAdmin ? "*" : "")}={away}{_door.Directory.UserOf(person.Name)}@{_settings.Host}");
            }
        }

        Numeric(Numerics.UserHost, string.Join(' ', replies));
    }

    private void OnIson(IrcMessage message)
    {
        var present = message.Params.SelectMany(p => p.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(n => IrcNames.Check(n) is null && _chat.Members.Find(IrcNames.FromNick(n)) is not null)
            .Select(n => IrcNames.ToNick(_chat.Members.Find(IrcNames.FromNick(n))!.Name));
        Numeric("303", string.Join(' ', present));
    }
}
