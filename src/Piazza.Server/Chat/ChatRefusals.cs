namespace Piazza.Server.Chat;

/// <summary>The refusals the chat gives, each with its sentence.</summary>
internal static class ChatRefusals
{
    public static readonly ChatRefusal Closing = new(ChatError.Closing, "The connection is closing.");

    public static readonly ChatRefusal StoreUnavailable = new(ChatError.StoreUnavailable,
        "The server cannot store messages right now; nothing was sent. Try again in a moment.");

    public static ChatRefusal NotInRoom(string room) =>
        new(ChatError.NotInRoom, $"You are not in {room}; join it first.");

    public static ChatRefusal NoSuchUser(string name) =>
        new(ChatError.NoSuchUser, $"There is nobody called '{name}' who can receive direct messages right now.");

    public static ChatRefusal TooManyRoomsForYou(int cap) =>
        new(ChatError.TooManyRooms, $"You are in {cap} rooms, the most one connection may join; leave one first.");

    public static ChatRefusal TooManyRoomsOnServer(int cap) =>
        new(ChatError.TooManyRooms, $"The server holds {cap} rooms, the most it allows; join an existing room.");
}
