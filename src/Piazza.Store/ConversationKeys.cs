namespace Piazza.Store;

/// <summary>
/// The two people of a direct conversation's key (<c>@alice@bob</c>, see <see cref="StoredEvent.Room"/>),
/// so a store can find every conversation of one person.
/// </summary>
internal static class ConversationKeys
{
    /// <summary>The two names of a conversation key (the same name twice for notes to self); false for a room key.</summary>
    public static bool TryParse(string key, out string first, out string second)
    {
        first = second = "";
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
}
