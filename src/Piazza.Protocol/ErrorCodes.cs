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
    /// <summary>A protocol version other than 1.</summary>
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
}
