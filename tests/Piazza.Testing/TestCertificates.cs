using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Piazza.Protocol;

namespace Piazza.Testing;

/// <summary>
/// Certificates made for a test, as PEM files in a fresh temporary directory (deleted on dispose):
/// self-signed ones, and a test authority with certificates it signs, for trust the machine's
/// store knows nothing about.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private int _next;

    public TestCertificates() => Directory = System.IO.Directory.CreateTempSubdirectory("piazza-certs-").FullName;

    public string Directory { get; }

    /// <summary>A self-signed ECDSA certificate for 127.0.0.1 and localhost (unless other names are given), valid from yesterday for a year.</summary>
    public PemPair SelfSigned(string[]? names = null, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null, bool rsa = false)
    {
        using var key = rsa ? (AsymmetricAlgorithm)RSA.Create(2048) : ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = Request("CN=piazza test", key, names ?? ["127.0.0.1", "localhost"], authority: false);
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(notBefore ?? now.AddDays(-1), notAfter ?? now.AddYears(1));
        return Write(certificate, key);
    }

    /// <summary>A test authority; its certificate is what a client is told to trust.</summary>
    public TestAuthority Authority()
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = Request("CN=Piazza Test Authority", key, [], authority: true);
        var now = DateTimeOffset.UtcNow;
        var certificate = request.CreateSelfSigned(now.AddYears(-1), now.AddYears(2));
        return new TestAuthority(this, certificate, key);
    }

    /// <summary>Writes <paramref name="text"/> to a new file here and returns its path.</summary>
    public string WriteFile(string name, string text)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the system's temp cleaner.
        }
    }

    internal PemPair Write(X509Certificate2 certificate, AsymmetricAlgorithm key)
    {
        var n = Interlocked.Increment(ref _next);
        var certificatePath = WriteFile($"cert-{n}.pem", certificate.ExportCertificatePem() + "\n");
        var keyPath = WriteFile($"key-{n}.pem", key.ExportPkcs8PrivateKeyPem() + "\n");
        return new PemPair(certificatePath, keyPath, CertificateFingerprint.Of(certificate));
    }

    internal static CertificateRequest Request(string subject, AsymmetricAlgorithm key, string[] names, bool authority)
    {
        var request = key switch
        {
            RSA rsa => new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            ECDsa ecdsa => new CertificateRequest(subject, ecdsa, HashAlgorithmName.SHA256),
            _ => throw new ArgumentException("RSA or ECDSA only.", nameof(key)),
        };
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(authority, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            authority ? X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign : X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        if (!authority)
        {
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
            var san = new SubjectAlternativeNameBuilder();
            foreach (var name in names)
            {
                if (IPAddress.TryParse(name, out var address))
                {
                    san.AddIpAddress(address);
                }
                else
                {
                    san.AddDnsName(name);
                }
            }

            request.CertificateExtensions.Add(san.Build());
        }

        return request;
    }
}

/// <summary>A certificate file, its key file and the certificate's SHA-256 fingerprint.</summary>
public sealed record PemPair(string CertificatePath, string KeyPath, string Fingerprint);

/// <summary>A test authority that signs server certificates.</summary>
public sealed class TestAuthority : IDisposable
{
    private readonly TestCertificates _files;
    private readonly ECDsa _key;

    internal TestAuthority(TestCertificates files, X509Certificate2 certificate, ECDsa key)
    {
        _files = files;
        Certificate = certificate;
        _key = key;
    }

    /// <summary>The authority's own certificate (with its key, which signs), to trust.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>A server certificate signed by this authority.</summary>
    public PemPair Issue(string[] names, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = TestCertificates.Request("CN=" + names[0], key, names, authority: false);
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.Create(Certificate, notBefore ?? now.AddDays(-1), notAfter ?? now.AddYears(1),
            RandomNumberGenerator.GetBytes(16));
        return _files.Write(certificate, key);
    }

    public void Dispose()
    {
        Certificate.Dispose();
        _key.Dispose();
    }
}
