namespace Piazza.Protocol;

/// <summary>The stable, machine-readable <c>code</c> values of <c>error</c> frames.</summary>
public static class ErrorCodes
{
    /// <summary>Not valid UTF-8, not a JSON object with a string type, or a field of the wrong kind.</summary>
    public const string BadFrame = "bad_frame";
    /// <summary>A type the server does not know.</summary>
    public const string UnknownType = "unknown_type";
    /// <summary>A client frame over 16 KiB; the connection closes.</summary>
    public const string FrameTooLarge = "frame_too_large";
    /// <summary>No hello in time; the connection closes.</summary>
    public const string HelloTimeout = "hello_timeout";
    /// <summary>A frame other than hello, ping, pong or bye before joining.</summary>
    public const string NotJoined = "not_joined";
    /// <summary>A second hello after joining.</summary>
    public const string AlreadyJoined = "already_joined";
    /// <summary>The username breaks a rule or is reserved.</summary>
    public const string InvalidUsername = "invalid_username";
    /// <summary>Someone in the room holds that name (case-insensitively).</summary>
    public const string UsernameTaken = "username_taken";
    /// <summary>A protocol version this server does not speak (it speaks 1 and 2).</summary>
    public const string UnsupportedProtocol = "unsupported_protocol";
    /// <summary>The server holds its maximum number of connections.</summary>
    public const string ServerFull = "server_full";
    /// <summary>The remote address holds its maximum number of connections.</summary>
    public const string TooManyConnections = "too_many_connections";
    /// <summary>The text is empty or only white space.</summary>
    public const string EmptyMessage = "empty_message";
    /// <summary>The text has more than 2000 Unicode scalar values.</summary>
    public const string MessageTooLong = "message_too_long";
    /// <summary>The text holds a forbidden control or bidi character.</summary>
    public const string InvalidText = "invalid_text";
    /// <summary>The client did not keep up with what it was sent; the connection closes.</summary>
    public const string TooSlow = "too_slow";
    /// <summary>Nothing was received for longer than the timeout; the connection closes.</summary>
    public const string Timeout = "timeout";
    /// <summary>A room name that breaks the room-name rules.</summary>
    public const string InvalidRoom = "invalid_room";
    /// <summary>A request about a room the client has not joined.</summary>
    public const string NotInRoom = "not_in_room";
    /// <summary>The client's or the server's room cap is reached.</summary>
    public const string TooManyRooms = "too_many_rooms";
    /// <summary>A direct message to someone who is neither connected (with protocol 2) nor a registered account.</summary>
    public const string NoSuchUser = "no_such_user";
    /// <summary>The store cannot be written right now; nothing was acknowledged or delivered.</summary>
    public const string StoreUnavailable = "store_unavailable";
}
