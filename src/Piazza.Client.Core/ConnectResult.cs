namespace Piazza.Client.Core;

/// <summary>The outcome of a connect: either <see cref="Failure"/> is null (joined) or it says why not.</summary>
/// <param name="Failure">Why the attempt failed, or null when it succeeded.</param>
/// <param name="Welcome">The room as the server described it on joining, when it succeeded.</param>
public sealed record ConnectResult(ConnectFailure? Failure, WelcomeInfo? Welcome)
{
    /// <summary>True when the client joined the room.</summary>
    public bool Succeeded => Failure is null;

    internal static ConnectResult Failed(ConnectFailure failure) => new(failure, null);
}
