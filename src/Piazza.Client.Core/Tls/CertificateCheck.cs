using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Piazza.Protocol;

namespace Piazza.Client.Core;

/// <summary>
/// The certificate decision of one handshake: what the system says, then the certificate the user
/// trusted for this server. Accepts what the system trusts, or exactly the known certificate;
/// refuses anything else and keeps what it saw, so the failure can say why.
/// </summary>
internal sealed class CertificateCheck(string host, int port, KnownCertificate? known, TimeProvider time)
{
    /// <summary>The certificate seen, once the handshake got that far.</summary>
    public PresentedCertificate? Presented { get; private set; }

    /// <summary>Why it was accepted, when it was.</summary>
    public CertificateTrust? Trust { get; private set; }

    /// <summary>True when the certificate was refused (as opposed to the handshake failing for another reason).</summary>
    public bool Refused { get; private set; }

    public KnownCertificate? Known => known;

    /// <summary>The validation callback of the handshake.</summary>
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            Refused = true;
            return false;
        }

        var owned = certificate as X509Certificate2 is null ? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()) : null;
        try
        {
            var leaf = owned ?? (X509Certificate2)certificate;
            var fingerprint = CertificateFingerprint.Of(leaf);
            var problems = errors == SslPolicyErrors.None ? CertificateProblems.None : Classify(leaf, chain, errors);
            var isKnown = known is not null && string.Equals(known.Fingerprint, fingerprint, StringComparison.OrdinalIgnoreCase);
            Presented = new PresentedCertificate(host, port, fingerprint, leaf.Subject, leaf.Issuer,
                leaf.NotBefore.ToUniversalTime(), leaf.NotAfter.ToUniversalTime(), Names(leaf), problems,
                known is not null && !isKnown ? known.Fingerprint : null);
            if (errors == SslPolicyErrors.None)
            {
                Trust = CertificateTrust.System;
                return true;
            }

            if (isKnown)
            {
                Trust = CertificateTrust.Known;
                return true;
            }

            Refused = true;
            return false;
        }
        finally
        {
            owned?.Dispose();
        }
    }

    private CertificateProblems Classify(X509Certificate2 leaf, X509Chain? chain, SslPolicyErrors errors)
    {
        var problems = CertificateProblems.None;
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            problems |= CertificateProblems.NameMismatch;
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            problems |= CertificateProblems.Other;
        }

        if (!errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
        {
            return problems;
        }

        var chainProblems = CertificateProblems.None;
        foreach (var status in chain?.ChainStatus ?? [])
        {
            chainProblems |= status.Status switch
            {
                X509ChainStatusFlags.NoError => CertificateProblems.None,
                X509ChainStatusFlags.UntrustedRoot or X509ChainStatusFlags.PartialChain => CertificateProblems.Untrusted,
                X509ChainStatusFlags.NotTimeValid => leaf.NotBefore.ToUniversalTime() > time.GetUtcNow().UtcDateTime
                    ? CertificateProblems.NotYetValid
                    : CertificateProblems.Expired,
                X509ChainStatusFlags.Revoked => CertificateProblems.Revoked,
                _ => CertificateProblems.Other,
            };
        }

        return problems | (chainProblems == CertificateProblems.None ? CertificateProblems.Other : chainProblems);
    }

    private static string[] Names(X509Certificate2 certificate)
    {
        foreach (var extension in certificate.Extensions)
        {
            if (extension is X509SubjectAlternativeNameExtension names)
            {
                return [.. names.EnumerateDnsNames(), .. names.EnumerateIPAddresses().Select(a => a.ToString())];
            }
        }

        return certificate.GetNameInfo(X509NameType.DnsName, forIssuer: false) is { Length: > 0 } name ? [name] : [];
    }
}
