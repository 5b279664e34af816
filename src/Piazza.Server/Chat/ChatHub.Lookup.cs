namespace Piazza.Server.Chat;

internal sealed partial class ChatHub
{
    /// <summary>A room's topic and member count as they are now, or null when no such room is loaded.</summary>
    public (string? Topic, int Members)? RoomState(string key)
    {
        foreach (var room in _rooms.Rooms())
        {
            if (room.Key == key)
            {
                return (room.Topic, room.MemberCount);
            }
        }

        return null;
    }
}
