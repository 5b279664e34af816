using System.Globalization;
using Piazza.Protocol;

namespace Piazza.Client.Core;

/// <summary>
/// One moderation request (protocol §12): what, in which room (or, for a ban or mute by a server
/// operator, the whole server when <see cref="Room"/> is null), on whom (a name, or an address for
/// ban, unban, mute and unmute), for how long, and why.
/// </summary>
public sealed record ModerationCommand
{
    /// <summary>The longest ban or mute: ten years.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromSeconds(ProtocolLimits.MaxModerationSeconds);

    /// <summary>What to do.</summary>
    public required ModerationAction Action { get; init; }

    /// <summary>The room (<c>#dev</c>); null for the whole server (ban and mute only, server operators only).</summary>
    public string? Room { get; init; }

    /// <summary>The account or guest name acted on.</summary>
    public string? User { get; init; }

    /// <summary>For ban, unban, mute and unmute: one IP address instead of <see cref="User"/>.</summary>
    public string? Address { get; init; }

    /// <summary>For ban and mute: how long (whole seconds, 1 s to ten years); null for good.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Why, in the operator's words (one line, at most 300 characters): shown to the room and to the person.</summary>
    public string? Reason { get; init; }

    /// <summary>The request's name on the wire: <c>kick</c>, <c>ban</c>...</summary>
    public string Type => Action.ToString().ToLowerInvariant();

    /// <summary>The same rules the server applies; returns the sentence of the first one broken, naming the field, or null.</summary>
    internal string? Problem()
    {
        var needsRoom = Action is ModerationAction.Kick or ModerationAction.Op or ModerationAction.Deop;
        if (Room is null && needsRoom)
        {
            return $"Room is required for {Type}: name the room.";
        }

        if (Room is not null)
        {
            var room = RoomNameRules.Validate(Room.Trim());
            if (!room.IsValid)
            {
                return RoomNameRules.IsDirect(Room.Trim()) ? "Room must be a room: moderation acts on rooms, not on direct conversations." : room.Message;
            }
        }

        if (User is null == Address is null)
        {
            return "Name either the User or the Address to act on, one of the two.";
        }

        if (Address is not null && (needsRoom || !System.Net.IPAddress.TryParse(Address.Trim(), out _) || Address.Contains('/', StringComparison.Ordinal)))
        {
            return needsRoom ? $"Address cannot be used with {Type}; name the User." : "Address must be one IP address, such as 203.0.113.9 or 2001:db8::7.";
        }

        if (User is not null && UsernameRules.Validate(User.Trim()) is { IsValid: false } user)
        {
            return user.Message;
        }

        if (Duration is { } duration && Action is ModerationAction.Ban or ModerationAction.Mute
            && (duration < TimeSpan.FromSeconds(1) || duration > MaxDuration))
        {
            return "Duration must be from 1 second to ten years, or none for good.";
        }

        if (Reason is not null && TopicRules.Validate(Reason) is { IsValid: false } reason)
        {
            return reason.Message!.Replace("Topic", "Reason", StringComparison.Ordinal);
        }

        return null;
    }

    /// <summary>The wire frame (the checks passed).</summary>
    internal ModerationFrame ToFrame()
    {
        var lasting = Action is ModerationAction.Ban or ModerationAction.Mute;
        var seconds = lasting && Duration is { } duration ? (long?)Math.Ceiling(duration.TotalSeconds) : null;
        return new ModerationFrame(Type, Room is null ? null : RoomNameRules.Normalize(Room.Trim()), User?.Trim(), Address?.Trim(), seconds,
            string.IsNullOrWhiteSpace(Reason) ? null : Reason.Trim());
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Type} {User ?? Address} in {Room ?? "the server"}{(Duration is { } d ? $" for {d.TotalSeconds} s" : "")}");
}
