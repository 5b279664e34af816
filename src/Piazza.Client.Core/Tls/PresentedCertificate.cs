namespace Piazza.Client.Core;

/// <summary>
/// The certificate a server presented and the system did not accept, with everything a front end
/// shows when it asks whether to trust it: above all its SHA-256 <see cref="Fingerprint"/>, which
/// the person compares with the one the server's operator gives (the server logs it at start).
/// </summary>
/// <param name="Host">The host connected to.</param>
/// <param name="Port">The port connected to.</param>
/// <param name="Fingerprint">SHA-256 of the certificate, <c>AB:CD:...</c> (32 pairs), as the server prints it.</param>
/// <param name="Subject">Whom it names (<c>CN=chat.example.org</c>).</param>
/// <param name="Issuer">Who issued it; the same as <see cref="Subject"/> for a self-signed certificate.</param>
/// <param name="NotBefore">The start of its validity.</param>
/// <param name="NotAfter">The end of its validity.</param>
/// <param name="Names">The host names and addresses it is for.</param>
/// <param name="Problems">Why the system does not accept it.</param>
/// <param name="KnownFingerprint">The fingerprint trusted before for this server, when it differs (the certificate changed); else null.</param>
public sealed record PresentedCertificate(
    string Host,
    int Port,
    string Fingerprint,
    string Subject,
    string Issuer,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    IReadOnlyList<string> Names,
    CertificateProblems Problems,
    string? KnownFingerprint)
{
    /// <summary>What to give <see cref="IKnownCertificates.TrustAsync"/> once the person accepts it.</summary>
    public KnownCertificate Trust(DateTimeOffset at) => new(Host, Port, Fingerprint, at);
}
