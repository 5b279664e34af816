namespace Piazza.Store;

/// <summary>What a stored room event is. The numbers are stored: never renumber them.</summary>
public enum EventKind : byte
{
    /// <summary>Someone said something (<see cref="StoredEvent.Text"/>).</summary>
    Message = 1,

    /// <summary>Someone joined the room.</summary>
    Joined = 2,

    /// <summary>Someone left the room (<see cref="StoredEvent.Reason"/> says why).</summary>
    Left = 3,

    /// <summary>Someone set the room's topic (<see cref="StoredEvent.Text"/> is the new topic).</summary>
    Topic = 4,

    /// <summary>An operator banned <see cref="StoredEvent.User"/> from the room (<see cref="StoredEvent.By"/>, <see cref="StoredEvent.Text"/> the reason, <see cref="StoredEvent.Duration"/>).</summary>
    Ban = 5,

    /// <summary>An operator lifted the room ban of <see cref="StoredEvent.User"/>.</summary>
    Unban = 6,

    /// <summary>An operator muted <see cref="StoredEvent.User"/> in the room.</summary>
    Mute = 7,

    /// <summary>An operator lifted the mute of <see cref="StoredEvent.User"/>.</summary>
    Unmute = 8,

    /// <summary><see cref="StoredEvent.By"/> made <see cref="StoredEvent.User"/> an operator of the room.</summary>
    Op = 9,

    /// <summary><see cref="StoredEvent.By"/> took the room's operator rights from <see cref="StoredEvent.User"/>.</summary>
    Deop = 10,
}
