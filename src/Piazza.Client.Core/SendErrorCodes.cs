namespace Piazza.Client.Core;

/// <summary>The <see cref="SendResult.ErrorCode"/> values that come from the client rather than the server.</summary>
public static class SendErrorCodes
{
    /// <summary>There was no joined connection when the message was to be sent; nothing was sent.</summary>
    public const string NotConnected = "not_connected";

    /// <summary>
    /// The message was sent but the connection ended before the server acknowledged it: it may or
    /// may not have reached the room. Offer the user to send it again.
    /// </summary>
    public const string ConnectionLost = "connection_lost";
}
