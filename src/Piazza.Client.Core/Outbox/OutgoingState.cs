namespace Piazza.Client.Core;

/// <summary>Where an outgoing message stands.</summary>
public enum OutgoingState
{
    /// <summary>Queued: the connection is down (or its room is being joined); it goes out by itself when it can.</summary>
    Waiting,

    /// <summary>Sent; the server has not confirmed it yet.</summary>
    Sending,

    /// <summary>
    /// Sent, and held back by the server's flood control: by the rate the server announced, this
    /// client is over it, so the server reads the message only after a while.
    /// </summary>
    SendingSlowly,

    /// <summary>Acknowledged: stored in its room as <see cref="OutgoingMessage.Id"/>.</summary>
    Sent,

    /// <summary>Refused, or given up on; <see cref="OutgoingMessage.ErrorMessage"/> says why. <see cref="ChatClient.Retry"/> sends it again.</summary>
    Failed,
}
