namespace Piazza.Client.Session;

/// <summary>One line of the message log. <see cref="Key"/> is stable across updates (for diffing).</summary>
public abstract record ChatEntry(string Key, DateTimeOffset Ts);

/// <summary>Where one of your own messages is: waiting for the server's ack, acked, or refused/lost.</summary>
public enum DeliveryState
{
    Pending,
    Sent,
    Failed,
}

/// <summary>A chat message; <see cref="IsOwn"/> ones carry a <see cref="Delivery"/> state.</summary>
public sealed record MessageEntry(string Key, DateTimeOffset Ts, string From, string Text) : ChatEntry(Key, Ts)
{
    public long? Id { get; init; }

    public bool IsOwn { get; init; }

    public DeliveryState Delivery { get; init; } = DeliveryState.Sent;

    /// <summary>Why a failed message was not sent, in words.</summary>
    public string? Error { get; init; }

    /// <summary>From the history the server replays on joining.</summary>
    public bool Replay { get; init; }
}

public enum NoticeKind
{
    Joined,
    Left,
    Connection,
    Problem,
}

/// <summary>Someone came or went, or something happened to the connection.</summary>
public sealed record NoticeEntry(string Key, DateTimeOffset Ts, NoticeKind Kind, string Text) : ChatEntry(Key, Ts);
