using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Piazza.Server.Transport;

/// <summary>
/// Reads a certificate and its private key from PEM text, and says in one sentence what is wrong
/// when they cannot serve TLS: no certificate, no key, a key under a passphrase, a key of the
/// wrong kind, or a key that belongs to another certificate.
/// </summary>
internal static class PemCertificate
{
    private const string RsaOid = "1.2.840.113549.1.1.1";
    private const string EcOid = "1.2.840.10045.2.1";
    private const long MaxFileBytes = 1024 * 1024;

    /// <summary>Reads the file behind an option, or says why it cannot be read.</summary>
    /// <exception cref="ServerStartException">The file is missing, a directory, too large or unreadable.</exception>
    public static string ReadFile(string path, string option)
    {
        if (Directory.Exists(path))
        {
            throw new ServerStartException($"{option}: '{path}' is a directory; name the PEM file itself.");
        }

        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new ServerStartException($"{option}: the file '{path}' does not exist.");
            }

            if (info.Length > MaxFileBytes)
            {
                throw new ServerStartException($"{option}: '{path}' is {info.Length / 1024} KiB; a PEM certificate or key is a few KiB, so it is not one.");
            }

            return File.ReadAllText(path);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new ServerStartException($"{option}: '{path}' cannot be read by this user (permission denied).", ex);
        }
        catch (IOException ex)
        {
            throw new ServerStartException($"{option}: '{path}' cannot be read ({ex.Message.TrimEnd('.')}).", ex);
        }
    }

    /// <summary>
    /// The certificate (the first in <paramref name="certificatePem"/>; any others are its chain)
    /// with the private key of <paramref name="keyPem"/>.
    /// </summary>
    /// <param name="certificatePem">PEM text holding the certificate, then any intermediates.</param>
    /// <param name="keyPem">PEM text holding the private key (it may be the same text).</param>
    /// <param name="certificateSource">Names the certificate in sentences: the option and the file.</param>
    /// <param name="keySource">Names the key in sentences.</param>
    /// <param name="origin">Where it came from, for the log.</param>
    /// <exception cref="ServerStartException">The text holds no usable certificate or key, or they do not belong together.</exception>
    public static ServerCertificate Parse(string certificatePem, string keyPem, PemSource certificateSource, PemSource keySource, string origin)
    {
        var certificates = ReadCertificates(certificatePem, certificateSource);
        var leaf = certificates[0];
        certificates.RemoveAt(0);
        try
        {
            var withKey = AttachKey(leaf, keyPem, certificateSource, keySource);
            return new ServerCertificate(withKey, certificates, origin);
        }
        catch
        {
            foreach (var certificate in certificates)
            {
                certificate.Dispose();
            }

            throw;
        }
        finally
        {
            leaf.Dispose();
        }
    }

    private static X509Certificate2Collection ReadCertificates(string pem, PemSource source)
    {
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(pem);
        }
        catch (CryptographicException ex)
        {
            throw new ServerStartException($"{source} holds a CERTIFICATE block that is not a valid certificate ({ex.Message.TrimEnd('.')}).", ex);
        }

        if (certificates.Count == 0)
        {
            throw new ServerStartException(FindPrivateKeyLabel(pem) is not null
                ? $"{source} holds a private key, not a certificate; are the certificate and the key the wrong way round?"
                : $"{source} holds no PEM certificate (a block beginning -----BEGIN CERTIFICATE-----).");
        }

        return certificates;
    }

    private static X509Certificate2 AttachKey(X509Certificate2 leaf, string keyPem, PemSource certificateSource, PemSource keySource)
    {
        var label = FindPrivateKeyLabel(keyPem);
        if (label is null)
        {
            throw new ServerStartException(keyPem.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)
                ? $"{keySource} holds a certificate but no private key (a block beginning -----BEGIN PRIVATE KEY-----, -----BEGIN EC PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY-----)."
                : $"{keySource} holds no PEM private key (a block beginning -----BEGIN PRIVATE KEY-----, -----BEGIN EC PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY-----).");
        }

        if (label == "ENCRYPTED PRIVATE KEY")
        {
            throw new ServerStartException(
                $"{keySource} is encrypted with a passphrase, which the server cannot ask for; write a decrypted copy readable only by the server's user (openssl pkey -in encrypted.pem -out key.pem) and name that.");
        }

        var certificateKind = leaf.GetKeyAlgorithm() switch
        {
            RsaOid => "RSA",
            EcOid => "ECDSA",
            var other => throw new ServerStartException($"{certificateSource} is for a key of a kind the server cannot use ({other}); use an RSA or ECDSA (EC) certificate."),
        };

        using var rsa = TryImport(RSA.Create(), keyPem);
        using var ecdsa = rsa is null ? TryImport(ECDsa.Create(), keyPem) : null;
        var keyKind = rsa is not null ? "RSA" : ecdsa is not null ? "ECDSA" : null;
        if (keyKind is null)
        {
            throw new ServerStartException($"{keySource} holds a {label} block that is not a readable RSA or ECDSA private key.");
        }

        if (keyKind != certificateKind)
        {
            throw new ServerStartException($"{keySource} holds an {keyKind} key but the certificate is for an {certificateKind} key: the key does not belong to the certificate.");
        }

        X509Certificate2 withKey;
        try
        {
            withKey = rsa is not null ? leaf.CopyWithPrivateKey(rsa) : leaf.CopyWithPrivateKey(ecdsa!);
        }
        catch (ArgumentException ex)
        {
            throw new ServerStartException(
                $"{keySource.Option}: the private key in '{keySource.Path}' does not belong to the certificate in '{certificateSource.Path}'.", ex);
        }

        if (!OperatingSystem.IsWindows())
        {
            return withKey;
        }

        // Windows' TLS needs the key in a key store, not only in memory: round-trip it through PKCS#12.
        using (withKey)
        {
            return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        }
    }

    private static T? TryImport<T>(T key, string pem)
        where T : AsymmetricAlgorithm
    {
        try
        {
            key.ImportFromPem(pem);
            return key;
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            key.Dispose();
            return null;
        }
    }

    /// <summary>The label of the first private key block (<c>PRIVATE KEY</c>, <c>EC PRIVATE KEY</c>...), or null.</summary>
    private static string? FindPrivateKeyLabel(string pem)
    {
        var rest = pem.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            var label = rest[fields.Label].ToString();
            if (label.EndsWith("PRIVATE KEY", StringComparison.Ordinal))
            {
                return label;
            }

            rest = rest[fields.Location.End..];
        }

        return null;
    }
}

/// <summary>Where a PEM block came from, for sentences: the option that named it and the file.</summary>
internal readonly record struct PemSource(string Option, string Path)
{
    public override string ToString() => $"{Option}: '{Path}'";
}
