namespace Piazza.Client.Settings;

/// <summary>What the connect form remembers between runs.</summary>
public sealed record ClientSettings
{
    public static ClientSettings Default { get; } = new();

    public string Host { get; init; } = "127.0.0.1";

    public int Port { get; init; } = 5000;

    public string Username { get; init; } = "";
}
