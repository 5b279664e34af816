namespace Piazza.Server.Chat;

/// <summary>Why the chat refused a request. Doors turn these into their protocol's errors.</summary>
internal enum ChatError
{
    /// <summary>The name is held by someone else.</summary>
    UsernameTaken,

    /// <summary>The room name or address breaks the rules, or the room does not exist.</summary>
    InvalidRoom,

    /// <summary>The request is about a room the session is not in.</summary>
    NotInRoom,

    /// <summary>The session's or the server's room cap is reached.</summary>
    TooManyRooms,

    /// <summary>Nobody by that name can receive a direct message.</summary>
    NoSuchUser,

    /// <summary>The store cannot be written or read right now.</summary>
    StoreUnavailable,

    /// <summary>The topic breaks the text rules.</summary>
    InvalidText,

    /// <summary>The request's values are out of range (a negative cursor, a page limit over 200).</summary>
    BadRequest,

    /// <summary>The server is shutting down, or the session is closing.</summary>
    Closing,
}

/// <summary>A refusal: what went wrong and a sentence for people.</summary>
internal sealed record ChatRefusal(ChatError Error, string Message, string? Suggestion = null);
