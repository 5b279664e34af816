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
    /// <summary>A wrong password or an unknown account: one answer for both, so it tells nobody which names exist.</summary>
    public const string AuthFailed = "auth_failed";
    /// <summary>A registration for a name that is already an account.</summary>
    public const string AccountExists = "account_exists";
    /// <summary>A new password that breaks the password rules (at least 10 characters).</summary>
    public const string WeakPassword = "weak_password";
    /// <summary>The name is registered (sign in with its password), or the server admits no guests.</summary>
    public const string AuthRequired = "auth_required";
    /// <summary>Too many sign-in attempts from this address or for this account; the message says when to try again.</summary>
    public const string TooManyAttempts = "too_many_attempts";
    /// <summary>A password sent in plain text from another machine; connect with TLS.</summary>
    public const string TlsRequired = "tls_required";
    /// <summary>Something this member may not do: moderation without being an operator, speaking while muted, entering while banned.</summary>
    public const string NotPermitted = "not_permitted";
}
