namespace Piazza.Server;

/// <summary>The result of asking the room for a name.</summary>
internal readonly record struct JoinOutcome(JoinStatus Status, string? Suggestion)
{
    public static JoinOutcome Success => new(JoinStatus.Joined, null);

    public static JoinOutcome Closing => new(JoinStatus.Closing, null);

    public static JoinOutcome Taken(string suggestion) => new(JoinStatus.Taken, suggestion);
}

/// <summary>Whether a join succeeded.</summary>
internal enum JoinStatus
{
    Joined,
    Taken,
    Closing,
}
