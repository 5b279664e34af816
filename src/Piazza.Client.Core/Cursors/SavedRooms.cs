namespace Piazza.Client.Core;

/// <summary>The rooms and conversations a client is in, each with its cursor.</summary>
/// <param name="Rooms">In the order they were joined.</param>
public sealed record SavedRooms(IReadOnlyList<SavedRoom> Rooms);

/// <summary>A room or conversation and where the client left it.</summary>
/// <param name="Room">The room (<c>#dev</c>) or conversation (<c>@bob</c>).</param>
/// <param name="Epoch">The epoch of the room's history the cursor belongs to; null for no cursor.</param>
/// <param name="LastId">The id of the last event handed out.</param>
public sealed record SavedRoom(string Room, string? Epoch = null, long LastId = 0);
