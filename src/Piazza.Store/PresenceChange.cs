namespace Piazza.Store;

/// <summary>What a person's session entering or leaving a room means for the room as a whole, across nodes.</summary>
public enum PresenceChange
{
    /// <summary>The person's first session in the room anywhere came, or their last went: announce it (the caller holds the person's turn).</summary>
    Announce,

    /// <summary>The person is in the room through another node too: nobody is told.</summary>
    Quiet,

    /// <summary>Another node is announcing a change of this person in this room right now: nothing was changed; ask again shortly.</summary>
    Busy,
}
