namespace Piazza.Client.Core;

/// <summary>Why a connect attempt failed, for code and for people.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Message">One specific sentence a person understands.</param>
/// <param name="Field">
/// <c>Host</c>, <c>Port</c>, <c>Username</c>, <c>Password</c> or <c>UseTls</c> (<see cref="UseTlsField"/>) when the
/// failure belongs to one input field (InvalidInput, UsernameTaken, UsernameInvalid, HostNotFound,
/// and the TLS failures that mean the other side speaks the other transport); otherwise null.
/// </param>
/// <param name="Suggestion">For UsernameTaken: a free username the server suggests.</param>
/// <param name="Certificate">
/// For CertificateNotTrusted, CertificateChanged and CertificateInvalid: the certificate the server
/// presented, with its SHA-256 fingerprint to show and, once the person accepts it, to trust.
/// </param>
public sealed record ConnectFailure(
    ConnectFailureKind Kind, string Message, string? Field = null, string? Suggestion = null, PresentedCertificate? Certificate = null)
{
    /// <summary>The <see cref="Field"/> of a failure that the "Use TLS" choice decides.</summary>
    public const string UseTlsField = "UseTls";
}
