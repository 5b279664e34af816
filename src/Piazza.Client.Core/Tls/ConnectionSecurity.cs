namespace Piazza.Client.Core;

/// <summary>How a connection is protected, for a lock icon and its details.</summary>
/// <param name="Protocol">The TLS version: <c>TLS 1.3</c> or <c>TLS 1.2</c>.</param>
/// <param name="CipherSuite">The cipher suite agreed (<c>TLS_AES_256_GCM_SHA384</c>).</param>
/// <param name="Fingerprint">The server certificate's SHA-256 fingerprint, <c>AB:CD:...</c>.</param>
/// <param name="Subject">Whom the certificate names.</param>
/// <param name="NotAfter">The end of the certificate's validity.</param>
/// <param name="Trust">Why it was accepted: the system trusts it, or the user did on first use.</param>
public sealed record ConnectionSecurity(string Protocol, string CipherSuite, string Fingerprint, string Subject, DateTimeOffset NotAfter, CertificateTrust Trust);

/// <summary>Why a server's certificate was accepted.</summary>
public enum CertificateTrust
{
    /// <summary>Normal validation: issued by an authority the system trusts, for this host, and valid now.</summary>
    System,

    /// <summary>The system does not trust it, but it is the one the user trusted for this server (<see cref="IKnownCertificates"/>).</summary>
    Known,
}
