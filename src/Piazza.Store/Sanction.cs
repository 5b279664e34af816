namespace Piazza.Store;

/// <summary>What a sanction stops. The numbers are stored: never renumber them.</summary>
public enum SanctionKind : byte
{
    /// <summary>Kept out: refused at hello (server-wide) or join (a room), and removed if present.</summary>
    Ban = 1,

    /// <summary>May stay and read, but not speak.</summary>
    Mute = 2,
}

/// <summary>Which sanction: one per scope, kind and target.</summary>
/// <param name="Scope">The room key (<c>#dev</c>), or empty for the whole server.</param>
/// <param name="Kind">Ban or mute.</param>
/// <param name="Target">A name, lowercase, or an IP address in its normal text form.</param>
/// <param name="ByAddress">True when <paramref name="Target"/> is an address.</param>
public readonly record struct SanctionKey(string Scope, SanctionKind Kind, string Target, bool ByAddress);

/// <summary>A ban or a mute, as an operator set it.</summary>
/// <param name="Key">What it stops, where, for whom.</param>
/// <param name="Until">When it ends; null for good.</param>
/// <param name="By">The operator who set it.</param>
/// <param name="Reason">The operator's reason, if given.</param>
/// <param name="Created">When it was set.</param>
public sealed record Sanction(SanctionKey Key, DateTimeOffset? Until, string By, string? Reason, DateTimeOffset Created)
{
    /// <summary>True when it still holds at <paramref name="now"/>.</summary>
    public bool HoldsAt(DateTimeOffset now) => Until is not { } until || until > now;
}

/// <summary>An account that is an operator of a room.</summary>
/// <param name="Room">The room key.</param>
/// <param name="Name">The account's name, lowercase.</param>
public readonly record struct RoomOperator(string Room, string Name);
