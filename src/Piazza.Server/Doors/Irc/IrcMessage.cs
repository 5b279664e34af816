namespace Piazza.Server.Doors.Irc;

/// <summary>One IRC message: its tags, its source, its command (upper case) and its parameters, the trailing one included.</summary>
/// <param name="Tags">The message tags, in the order given (a tag without a value has an empty value).</param>
/// <param name="Source">The source (prefix) without its colon, or null.</param>
/// <param name="Command">The command or numeric, upper case.</param>
/// <param name="Params">The parameters; the last one may contain spaces.</param>
internal sealed record IrcMessage(IReadOnlyList<KeyValuePair<string, string>> Tags, string? Source, string Command, IReadOnlyList<string> Params)
{
    /// <summary>The value of tag <paramref name="key"/>, or null when absent.</summary>
    public string? Tag(string key)
    {
        foreach (var (k, v) in Tags)
        {
            if (k == key)
            {
                return v;
            }
        }

        return null;
    }

    /// <summary>Parameter <paramref name="index"/>, or null when there are fewer.</summary>
    public string? Param(int index) => index < Params.Count ? Params[index] : null;
}
