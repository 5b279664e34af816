namespace Piazza.Client.Session;

/// <summary>
/// Why connecting failed, for the form: one sentence, the field to fix (Host, Port, Username or
/// none) and, for a taken name, a free one to offer.
/// </summary>
public sealed record FormFailure(string Message, string? Field = null, string? Suggestion = null);
