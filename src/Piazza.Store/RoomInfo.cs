namespace Piazza.Store;

/// <summary>What the store knows of one room or direct conversation.</summary>
/// <param name="Room">The room key.</param>
/// <param name="Epoch">
/// An opaque string fixed for the life of this room's history; a new one means the history was
/// lost (a memory store restarted, a database wiped), so cursors from before it are worthless.
/// </param>
/// <param name="LastId">The newest id used in the room (0 when none yet).</param>
/// <param name="OldestId">The oldest id still held (0 when none): older ones were removed by retention.</param>
/// <param name="Topic">The current topic, or null.</param>
/// <param name="Created">When the room was created.</param>
public sealed record RoomInfo(string Room, string Epoch, long LastId, long OldestId, string? Topic, DateTimeOffset Created);
