namespace Piazza.Client.Core;

/// <summary>
/// The outcome of <see cref="ChatClient.SendAsync"/>: <see cref="Id"/> and <see cref="Ts"/> when the
/// server acknowledged the message; <see cref="ErrorCode"/> and <see cref="ErrorMessage"/> when it
/// refused it, when the text broke a rule, or when the connection was missing or dropped before the
/// acknowledgement (<see cref="SendErrorCodes"/>).
/// </summary>
/// <param name="Succeeded">True when the server acknowledged the message.</param>
/// <param name="Id">The room event id the message became.</param>
/// <param name="Ts">When the server accepted it.</param>
/// <param name="ErrorCode">A protocol error code (<c>empty_message</c>...) or a <see cref="SendErrorCodes"/> value.</param>
/// <param name="ErrorMessage">One sentence for people.</param>
public sealed record SendResult(bool Succeeded, long? Id, DateTimeOffset? Ts, string? ErrorCode, string? ErrorMessage)
{
    internal static SendResult Acked(long id, DateTimeOffset ts) => new(true, id, ts, null, null);

    internal static SendResult Failed(string code, string message) => new(false, null, null, code, message);
}
