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
}
