using Piazza.Protocol;

namespace Piazza.Server.Doors.Irc;

/// <summary>
/// Piazza names as IRC nicks and back. Piazza names are letters, digits, <c>_</c>, <c>-</c> and
/// <c>.</c>; a nick should not hold a <c>.</c> (it reads as a server name), so IRC shows each
/// <c>.</c> as <c>|</c>, a character no Piazza name has: <c>jo.ann</c> is <c>jo|ann</c> on IRC,
/// and a nick <c>jo|ann</c> is the Piazza name <c>jo.ann</c>. The mapping is one to one.
/// </summary>
internal static class IrcNames
{
    /// <summary>How a Piazza name appears on IRC.</summary>
    public static string ToNick(string name) => name.Replace('.', '|');

    /// <summary>The Piazza name an IRC nick stands for (not yet checked against the rules).</summary>
    public static string FromNick(string nick) => nick.Replace('|', '.');

    /// <summary>Checks a nick: the Piazza username rules, through the mapping. Null when it is fine, else why not.</summary>
    public static string? Check(string nick)
    {
        var verdict = UsernameRules.Validate(FromNick(nick));
        return verdict.IsValid ? null : verdict.Message!.Replace("_ - .", "_ - |", StringComparison.Ordinal);
    }

    /// <summary>True for a channel name (a Piazza room).</summary>
    public static bool IsChannel(string target) => target.StartsWith('#');
}
