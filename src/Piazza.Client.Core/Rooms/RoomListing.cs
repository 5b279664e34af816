namespace Piazza.Client.Core;

/// <summary>One room of the server's list (<see cref="ChatClient.ListRoomsAsync"/>).</summary>
/// <param name="Room">The room name, lowercase.</param>
/// <param name="Topic">Its topic, or null.</param>
/// <param name="Members">How many people are in it now.</param>
public sealed record RoomListing(string Room, string? Topic, int Members);
