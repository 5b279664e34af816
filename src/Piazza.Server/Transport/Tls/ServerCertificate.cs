using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Piazza.Protocol;

namespace Piazza.Server.Transport;

/// <summary>
/// The certificate a TLS listener presents: the certificate with its private key, the chain sent
/// with it, and the SHA-256 fingerprint people compare when they trust it on first use.
/// </summary>
internal sealed class ServerCertificate : IDisposable
{
    private readonly X509Certificate2Collection _chain;

    public ServerCertificate(X509Certificate2 certificate, X509Certificate2Collection chain, string origin)
    {
        Certificate = certificate;
        _chain = chain;
        Origin = origin;
        Fingerprint = CertificateFingerprint.Of(certificate);
        // Offline: the chain is what the files hold; nothing is fetched from the network at start.
        Context = SslStreamCertificateContext.Create(certificate, chain, offline: true);
    }

    /// <summary>The leaf certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>What the handshake sends: the certificate and its intermediates.</summary>
    public SslStreamCertificateContext Context { get; }

    /// <summary>SHA-256 of the certificate, in the colon-separated form clients show.</summary>
    public string Fingerprint { get; }

    /// <summary>Where it came from, for the log: the PEM files, or the self-signed file kept in the data directory.</summary>
    public string Origin { get; }

    /// <summary>The first name the certificate is for (its first DNS name, else its subject), for the log.</summary>
    public string Subject => Certificate.GetNameInfo(X509NameType.DnsName, forIssuer: false) is { Length: > 0 } name
        ? name
        : Certificate.Subject;

    public void Dispose()
    {
        Certificate.Dispose();
        foreach (var certificate in _chain)
        {
            certificate.Dispose();
        }
    }
}
