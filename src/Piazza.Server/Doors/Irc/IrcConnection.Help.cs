namespace Piazza.Server.Doors.Irc;

/// <summary>HELP (and HELPOP): one line on each command the door takes.</summary>
internal sealed partial class IrcConnection
{
    private static readonly Dictionary<string, string> HelpTexts = new(StringComparer.OrdinalIgnoreCase)
    {
        ["AWAY"] = "AWAY [:message]: mark yourself away (or back, without a message).",
        ["CAP"] = "CAP LS 302 / REQ / LIST / END: capability negotiation.",
        ["CHATHISTORY"] = "CHATHISTORY LATEST|BEFORE|AFTER|AROUND|BETWEEN <target> <msgid=ID|timestamp=T|*> [...] <limit>: the room's stored history; CHATHISTORY TARGETS <timestamp=T> <timestamp=T> <limit>: the channels and nicks with messages then.",
        ["JOIN"] = "JOIN #room[,#room2]: join Piazza rooms (created if new).",
        ["KICK"] = "KICK #room nick [:reason]: remove someone (room operators, who are signed-in accounts).",
        ["LIST"] = "LIST [#mask,>n,<n,!mask]: the rooms someone is in.",
        ["MODE"] = "MODE #room [+o|-o nick] [+b|-b nick]: channel modes; MODE nick [+i|-i].",
        ["NAMES"] = "NAMES #room: who is in a room.",
        ["NOTICE"] = "NOTICE <target> :text: like PRIVMSG; stored as a message.",
        ["PART"] = "PART #room [:message]: leave a room.",
        ["PRIVMSG"] = "PRIVMSG <#room|nick> :text: a message to a room, or a direct message.",
        ["QUIT"] = "QUIT [:message]: leave.",
        ["TOPIC"] = "TOPIC #room [:topic]: show or set a room's topic.",
        ["WHO"] = "WHO <#room|mask> [%fields[,token]]: who is there (WHOX).",
        ["WHOIS"] = "WHOIS nick: about someone.",
    };

    private void OnHelp(IrcMessage message)
    {
        var subject = message.Param(0);
        if (string.IsNullOrEmpty(subject))
        {
            Numeric(Numerics.HelpStart, "*", "Piazza's IRC door: channels are Piazza rooms. Commands:");
            Numeric(Numerics.HelpTxt, "*", string.Join(' ', HelpTexts.Keys.Order(StringComparer.Ordinal)));
            Numeric(Numerics.EndOfHelp, "*", "End of /HELP");
            return;
        }

        if (!HelpTexts.TryGetValue(subject, out var text))
        {
            Numeric("524", subject, "No help available on this topic");
            return;
        }

        Numeric(Numerics.HelpStart, subject, text);
        Numeric(Numerics.EndOfHelp, subject, "End of /HELP");
    }
}
