namespace Piazza.Client.Core;

/// <summary>A snapshot of the client's state, enough for a status line.</summary>
/// <param name="State">Where the client stands.</param>
/// <param name="Username">The username joined with, or being joined with.</param>
/// <param name="Host">The server's host.</param>
/// <param name="Port">The server's port.</param>
/// <param name="ReconnectAttempt">While reconnecting: the number of the next (or current) attempt, from 1.</param>
/// <param name="NextAttemptAt">While reconnecting: when the next attempt starts; null while one is running.</param>
/// <param name="LastError">The last failure or loss, as a sentence; null after a clean connect or disconnect.</param>
/// <param name="Security">While connected over TLS: how the connection is protected; otherwise null.</param>
public sealed record ChatStatus(
    ConnectionState State,
    string? Username,
    string? Host,
    int? Port,
    int ReconnectAttempt = 0,
    DateTimeOffset? NextAttemptAt = null,
    string? LastError = null,
    ConnectionSecurity? Security = null)
{
    internal static ChatStatus Initial { get; } = new(ConnectionState.Disconnected, null, null, null);
}
