namespace Piazza.Client.Session;

/// <summary>
/// Why connecting failed, for the form: one sentence, the field to fix (Host, Port, Username or
/// none) and, for a taken name, a free one to offer.
/// </summary>
/// <param name="Message">The sentence.</param>
/// <param name="Field">The field to fix, or null.</param>
/// <param name="Suggestion">For a taken name: a free one.</param>
/// <param name="Certificate">For a certificate this computer does not trust, or one that changed: what the server presented.</param>
/// <param name="Kind">What went wrong.</param>
public sealed record FormFailure(string Message, string? Field = null, string? Suggestion = null,
    Piazza.Client.Core.PresentedCertificate? Certificate = null, Piazza.Client.Core.ConnectFailureKind? Kind = null)
{
    /// <summary>A self-signed (or otherwise untrusted) certificate the person may choose to trust.</summary>
    public bool CanTrust => Kind == Piazza.Client.Core.ConnectFailureKind.CertificateNotTrusted && Certificate is not null;

    /// <summary>The certificate differs from the one trusted before: refused, never trusted from here.</summary>
    public bool CertificateChanged => Kind == Piazza.Client.Core.ConnectFailureKind.CertificateChanged && Certificate is not null;
}
