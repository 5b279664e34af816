namespace Piazza.Client.Session;

/// <summary>Whether a message names you: your username as a word, in any case (<c>bob</c>, <c>@Bob</c>, <c>bob:</c>).</summary>
public static class Mentions
{
    public static bool Names(string text, string? me)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrEmpty(me))
        {
            return false;
        }

        var from = 0;
        while (from <= text.Length - me.Length)
        {
            var at = text.IndexOf(me, from, StringComparison.OrdinalIgnoreCase);
            if (at < 0)
            {
                return false;
            }

            if (!IsNameChar(text, at - 1) && !Continues(text, at + me.Length))
            {
                return true;
            }

            from = at + 1;
        }

        return false;
    }

    /// <summary>
    /// True when the name goes on after <paramref name="at"/>: a letter, digit, <c>_</c> or <c>-</c>,
    /// or a <c>.</c> followed by one (<c>bob.smith</c> is someone else; <c>bob.</c> ends a sentence).
    /// </summary>
    private static bool Continues(string text, int at) =>
        at < text.Length && (IsWordChar(text[at]) || (text[at] == '.' && at + 1 < text.Length && IsWordChar(text[at + 1])));

    private static bool IsNameChar(string text, int at) => at >= 0 && (IsWordChar(text[at]) || text[at] == '.');

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '-';
}
