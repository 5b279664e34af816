namespace Piazza.Client.Core.Tests;

internal static class Options
{
    /// <summary>Options for a local server; reconnect delays short, for tests on the real clock.</summary>
    public static ChatConnectionOptions For(int port, string user = "alice", bool autoReconnect = true) => new()
    {
        Host = "127.0.0.1",
        Port = port,
        Username = user,
        AutoReconnect = autoReconnect,
        Reconnect = new ReconnectPolicy(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(400), 0.2),
    };

    /// <summary>A port nothing listens on (bound once, then released).</summary>
    public static int ClosedPort() => Piazza.Testing.Ports.Free();
}
