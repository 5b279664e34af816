namespace Piazza.Client.Core;

/// <summary>
/// Where a client keeps, between runs, the rooms it is in and a cursor for each, per server and
/// username: with them, an app that restarts rejoins its rooms and receives exactly what it
/// missed. A front end implements it with its settings file, or uses <see cref="FileCursorStore"/>
/// or <see cref="MemoryCursorStore"/>. Calls for one client never overlap.
/// </summary>
public interface ICursorStore
{
    /// <summary>What was saved for <paramref name="account"/>, or null when nothing was.</summary>
    ValueTask<SavedRooms?> LoadAsync(ServerAccount account, CancellationToken ct);

    /// <summary>Replaces what is saved for <paramref name="account"/>.</summary>
    ValueTask SaveAsync(ServerAccount account, SavedRooms rooms, CancellationToken ct);
}
