namespace Piazza.Server.Chat;

/// <summary>Why the chat refused a request. Doors turn these into their protocol's errors.</summary>
internal enum ChatError
{
    /// <summary>The name is held by someone else.</summary>
    UsernameTaken,

    /// <summary>A name that breaks the username rules.</summary>
    InvalidUsername,

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

    /// <summary>Wrong password or unknown account (one answer for both).</summary>
    AuthFailed,

    /// <summary>The name is an account already.</summary>
    AccountExists,

    /// <summary>The new password breaks the password rules.</summary>
    WeakPassword,

    /// <summary>A registered name without its password, or a guest where guests are denied.</summary>
    AuthRequired,

    /// <summary>Sign-in attempts throttled for the address or the account, or the hashing queue is full.</summary>
    TooManyAttempts,

    /// <summary>A password on a plain-text connection from another machine.</summary>
    TlsRequired,

    /// <summary>Something this member may not do (moderation rights, a mute, a ban).</summary>
    NotPermitted,

    /// <summary>The account holds as many sessions as it may.</summary>
    TooManySessions,
}

/// <summary>A refusal: what went wrong and a sentence for people.</summary>
internal sealed record ChatRefusal(ChatError Error, string Message, string? Suggestion = null);
