namespace Piazza.Server.Doors.Irc;

/// <summary>What the IRC line parser (<see cref="IrcLine"/>) made of a line.</summary>
internal enum IrcLineStatus
{
    /// <summary>A message.</summary>
    Message,

    /// <summary>Nothing but white space (ignored).</summary>
    Empty,

    /// <summary>Bytes that are not UTF-8.</summary>
    InvalidUtf8,

    /// <summary>The part after the tags is longer than 512 bytes (its CR LF included).</summary>
    TooLong,

    /// <summary>The tags are longer than the 4094 bytes a client may send.</summary>
    TagsTooLong,

    /// <summary>A NUL byte, or a message with no command.</summary>
    Malformed,
}
