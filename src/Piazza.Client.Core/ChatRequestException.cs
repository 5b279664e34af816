namespace Piazza.Client.Core;

/// <summary>
/// A request about rooms (join, part, topic, list, history) that failed: refused by the server,
/// refused here by the same rules, or cut short by the connection.
/// </summary>
public sealed class ChatRequestException : Exception
{
    /// <summary>Creates the exception with a code and a sentence for people.</summary>
    public ChatRequestException(string code, string message)
        : base(message)
    {
        Code = code;
    }

    /// <summary>Creates the exception with the code <c>error</c>.</summary>
    public ChatRequestException()
        : this("error", "The request failed.")
    {
    }

    /// <summary>Creates the exception with the code <c>error</c>.</summary>
    public ChatRequestException(string message)
        : this("error", message)
    {
    }

    /// <summary>Creates the exception with the code <c>error</c> and a cause.</summary>
    public ChatRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = "error";
    }

    /// <summary>A protocol error code (<c>invalid_room</c>, <c>not_in_room</c>...) or a <see cref="SendErrorCodes"/> value.</summary>
    public string Code { get; } = "error";
}
