namespace Piazza.Server.Chat;

/// <summary>The chat's own settings, taken from the server's options.</summary>
/// <param name="DefaultRoom">The room a version 1 client (or a version 2 hello naming no rooms) joins.</param>
/// <param name="History">Recent messages replayed to a member that joins without a cursor.</param>
/// <param name="ReplayMax">The most events replayed after a cursor.</param>
/// <param name="MaxRoomsPerSession">Rooms one connection may be in.</param>
/// <param name="MaxRooms">Rooms the server holds.</param>
internal sealed record ChatOptions(string DefaultRoom, int History, int ReplayMax, int MaxRoomsPerSession, int MaxRooms);
