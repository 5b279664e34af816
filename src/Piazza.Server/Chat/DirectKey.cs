namespace Piazza.Server.Chat;

/// <summary>
/// The store key of a direct conversation: both people's names, lowercase and sorted, each after
/// an <c>@</c> (<c>@alice@bob</c>). Usernames cannot hold <c>@</c>, so the key splits back
/// unambiguously; it is stored once for the pair, whoever writes first.
/// </summary>
internal static class DirectKey
{
    public static string For(string a, string b)
    {
        var x = a.ToLowerInvariant();
        var y = b.ToLowerInvariant();
        return string.CompareOrdinal(x, y) <= 0 ? $"@{x}@{y}" : $"@{y}@{x}";
    }

    public static bool TryParse(string key, out string? first, out string? second)
    {
        first = second = null;
        if (key.Length < 4 || key[0] != '@')
        {
            return false;
        }

        var split = key.IndexOf('@', 1);
        if (split < 2 || split == key.Length - 1)
        {
            return false;
        }

        first = key[1..split];
        second = key[(split + 1)..];
        return true;
    }

    /// <summary>How the viewer addresses the conversation: <c>@</c> and the other person.</summary>
    public static string AddressFor(string first, string second, bool viewerIsSecond) =>
        "@" + (viewerIsSecond ? first : second);
}
