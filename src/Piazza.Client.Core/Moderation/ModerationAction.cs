namespace Piazza.Client.Core;

/// <summary>What an operator asks for (protocol §12).</summary>
public enum ModerationAction
{
    /// <summary>Remove someone from a room (every session of theirs); they may come back.</summary>
    Kick,

    /// <summary>Keep a name or an address out of a room, or (server operators) out of the server; removes them if present.</summary>
    Ban,

    /// <summary>Lift a ban.</summary>
    Unban,

    /// <summary>Stop a name or an address speaking in a room, or (server operators) anywhere.</summary>
    Mute,

    /// <summary>Lift a mute.</summary>
    Unmute,

    /// <summary>Make a registered account an operator of a room.</summary>
    Op,

    /// <summary>Take a room's operator rights from an account.</summary>
    Deop,
}
