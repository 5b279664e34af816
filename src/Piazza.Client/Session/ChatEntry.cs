namespace Piazza.Client.Session;

/// <summary>One line of a room's log. <see cref="Key"/> is stable across updates (for diffing).</summary>
public abstract record ChatEntry(string Key, DateTimeOffset Ts)
{
    /// <summary>The room event's id (messages, joins, leaves, topics); null for what only this page says.</summary>
    public long? Id { get; init; }
}

/// <summary>Where one of your own messages is, as the outbox reports it.</summary>
public enum DeliveryState
{
    /// <summary>Sent; the server has not confirmed it yet.</summary>
    Pending,

    /// <summary>Confirmed: stored in the room.</summary>
    Sent,

    /// <summary>Refused or given up on; it can be retried.</summary>
    Failed,

    /// <summary>The connection is down (or the room is being joined): it goes out by itself when it can.</summary>
    Waiting,

    /// <summary>Sent, and held back by the server's flood control.</summary>
    SendingSlowly,
}

/// <summary>A chat message; <see cref="IsOwn"/> ones carry a <see cref="Delivery"/> state.</summary>
public sealed record MessageEntry(string Key, DateTimeOffset Ts, string From, string Text) : ChatEntry(Key, Ts)
{
    public bool IsOwn { get; init; }

    public DeliveryState Delivery { get; init; } = DeliveryState.Sent;

    /// <summary>Why a failed message was not sent, in words.</summary>
    public string? Error { get; init; }

    /// <summary>From before your time in the room: recent history on joining, or loaded by scrolling back.</summary>
    public bool Replay { get; init; }

    /// <summary>It names you as a word.</summary>
    public bool Mention { get; init; }

    /// <summary>For your own messages sent from this page: the outbox's ref, the same however often it is sent.</summary>
    public string? Ref { get; init; }
}

public enum NoticeKind
{
    Joined,
    Left,
    Connection,
    Problem,
    Topic,

    /// <summary>An answer to a command (/help, /who).</summary>
    Info,

    /// <summary>An operator removed, banned, muted or promoted someone.</summary>
    Moderation,
}

/// <summary>Someone came, went or set the topic, or something happened to the connection.</summary>
public sealed record NoticeEntry(string Key, DateTimeOffset Ts, NoticeKind Kind, string Text) : ChatEntry(Key, Ts);
