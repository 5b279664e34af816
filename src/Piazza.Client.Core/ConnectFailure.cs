namespace Piazza.Client.Core;

/// <summary>Why a connect attempt failed, for code and for people.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Message">One specific sentence a person understands.</param>
/// <param name="Field">
/// <c>Host</c>, <c>Port</c> or <c>Username</c> when the failure belongs to one input field
/// (InvalidInput, UsernameTaken, UsernameInvalid, HostNotFound); otherwise null.
/// </param>
/// <param name="Suggestion">For UsernameTaken: a free username the server suggests.</param>
public sealed record ConnectFailure(ConnectFailureKind Kind, string Message, string? Field = null, string? Suggestion = null);
