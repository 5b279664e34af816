namespace Piazza.Server.Chat;

/// <summary>What an operator may do.</summary>
internal enum ModerationAction
{
    Kick,
    Ban,
    Unban,
    Mute,
    Unmute,
    Op,
    Deop,
}

/// <summary>An operator's request, protocol-neutral.</summary>
/// <param name="Action">What to do.</param>
/// <param name="Room">The room, or null for the whole server (bans and mutes only).</param>
/// <param name="User">The name acted on, or null when <paramref name="Address"/> is given.</param>
/// <param name="Address">An IP address acted on (bans and mutes and their undo).</param>
/// <param name="Duration">How long a ban or mute lasts; null for good.</param>
/// <param name="Reason">The operator's reason, if any.</param>
internal sealed record ModerationRequest(
    ModerationAction Action,
    string? Room,
    string? User,
    string? Address,
    TimeSpan? Duration,
    string? Reason);

/// <summary>
/// The answer to an operator whose request made no room event: a server-wide or by-address change,
/// or a request that changed nothing. A room event needs no confirmation: the operator sees it.
/// </summary>
internal sealed record ModerationNotice(ModerationAction Action, string By, string? User, string? Address, long? Duration, string? Reason, string? Room);
