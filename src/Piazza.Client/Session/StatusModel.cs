namespace Piazza.Client.Session;

public enum LinkState
{
    Disconnected,
    Connecting,
    Connected,
    Reconnecting,
}

/// <summary>What the status line shows.</summary>
public sealed record StatusModel(LinkState State, string? Username, string? Host, int? Port,
    int Attempt = 0, DateTimeOffset? NextAttemptAt = null, string? Detail = null)
{
    public static StatusModel Disconnected { get; } = new(LinkState.Disconnected, null, null, null);
}
