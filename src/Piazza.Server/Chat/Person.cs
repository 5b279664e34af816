namespace Piazza.Server.Chat;

/// <summary>
/// Someone present: a guest through its one session, or an account through every session it has
/// open (its devices). Rooms show a person once, whatever the number of sessions. The session list
/// is guarded by <see cref="Members"/>' lock.
/// </summary>
internal sealed class Person(string name, bool isAccount, bool isAdmin)
{
    /// <summary>The name as shown: the account's registered spelling, or the guest's.</summary>
    public string Name { get; } = name;

    /// <summary>The name as names compare: lowercase.</summary>
    public string Key { get; } = name.ToLowerInvariant();

    /// <summary>True for a registered account that signed in.</summary>
    public bool IsAccount { get; } = isAccount;

    /// <summary>True for an account named by <c>--admins</c>: a server operator.</summary>
    public bool IsAdmin { get; } = isAdmin;

    /// <summary>The sessions open now, oldest first (written under the registry's lock only).</summary>
    public List<ChatSession> Sessions { get; } = [];
}
