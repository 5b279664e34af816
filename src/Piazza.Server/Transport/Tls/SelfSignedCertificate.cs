using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Piazza.Server.Transport;

/// <summary>
/// The certificate of <c>--tls self-signed</c>: made once (ECDSA P-256, valid ten years, for
/// localhost, 127.0.0.1, ::1, this machine's name and the listening host) and kept with its key in
/// one file in the data directory, readable by the server's user only, so that every later start
/// presents the same certificate and clients that trusted its fingerprint keep trusting it.
/// </summary>
internal static class SelfSignedCertificate
{
    /// <summary>The file in the data directory: the certificate, then its private key, in PEM.</summary>
    public const string FileName = "tls-self-signed.pem";

    public const string Option = "--tls self-signed";

    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(3650);

    /// <summary>What <see cref="LoadOrCreate"/> did.</summary>
    public enum Outcome
    {
        /// <summary>The kept certificate was read.</summary>
        Reused,

        /// <summary>There was none: one was made and kept.</summary>
        Created,

        /// <summary>The kept one had expired: a new one was made in its place (its fingerprint differs).</summary>
        Renewed,
    }

    /// <summary>Reads the kept certificate, or makes and keeps one when there is none or it has expired.</summary>
    /// <param name="dataDirectory">Where the file lives; created when missing.</param>
    /// <param name="host">The listening host (<c>--host</c>), named in a new certificate unless it is a wildcard address.</param>
    /// <param name="time">The clock that dates a new certificate and decides whether the kept one expired.</param>
    /// <exception cref="ServerStartException">The directory or the file cannot be written or read, or the kept file is damaged.</exception>
    public static (ServerCertificate Certificate, Outcome Outcome) LoadOrCreate(string dataDirectory, string host, TimeProvider time)
    {
        var path = Path.Combine(dataDirectory, FileName);
        var now = time.GetUtcNow();
        var renew = false;
        if (File.Exists(path))
        {
            var text = PemCertificate.ReadFile(path, Option);
            var source = new PemSource(Option, path);
            ServerCertificate kept;
            try
            {
                kept = PemCertificate.Parse(text, text, source, source, $"the self-signed certificate kept in {path}");
            }
            catch (ServerStartException ex)
            {
                throw new ServerStartException(
                    $"{ex.Message.TrimEnd('.')}. Delete the file to make a new certificate (clients that trusted the old one will refuse the new one until they trust it again).", ex);
            }

            if (kept.Certificate.NotAfter.ToUniversalTime() > now.UtcDateTime)
            {
                return (kept, Outcome.Reused);
            }

            kept.Dispose();
            renew = true;
        }

        Write(path, dataDirectory, Create(host, now));
        var created = PemCertificate.ReadFile(path, Option);
        var createdSource = new PemSource(Option, path);
        return (PemCertificate.Parse(created, created, createdSource, createdSource, $"the self-signed certificate kept in {path}"),
            renew ? Outcome.Renewed : Outcome.Created);
    }

    /// <summary>A new certificate and key, as the PEM text of the file.</summary>
    internal static string Create(string host, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var machine = MachineName();
        var request = new CertificateRequest(
            new X500DistinguishedName($"CN={machine ?? "localhost"}, O=Piazza self-signed"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication")], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(Names(host, machine));

        // A day back, so a client whose clock is a little behind does not see it as not yet valid.
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now + Lifetime);
        return certificate.ExportCertificatePem() + "\n" + key.ExportPkcs8PrivateKeyPem() + "\n";
    }

    private static X509Extension Names(string host, string? machine)
    {
        var names = new SubjectAlternativeNameBuilder();
        var dns = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "localhost" };
        var addresses = new HashSet<IPAddress> { IPAddress.Loopback, IPAddress.IPv6Loopback };
        if (machine is not null)
        {
            dns.Add(machine);
        }

        if (IPAddress.TryParse(host, out var address))
        {
            if (!address.Equals(IPAddress.Any) && !address.Equals(IPAddress.IPv6Any))
            {
                addresses.Add(address);
            }
        }
        else if (!string.IsNullOrWhiteSpace(host))
        {
            dns.Add(host.Trim().TrimEnd('.'));
        }

        foreach (var name in dns)
        {
            names.AddDnsName(name);
        }

        foreach (var ip in addresses)
        {
            names.AddIpAddress(ip);
        }

        return names.Build();
    }

    /// <summary>This machine's host name when it is a usable DNS name, else null.</summary>
    private static string? MachineName()
    {
        try
        {
            var name = Dns.GetHostName().Trim().TrimEnd('.');
            return name.Length is > 0 and <= 253 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.')
                ? name.ToLowerInvariant()
                : null;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return null;
        }
    }

    /// <summary>Writes the file whole (a temporary file renamed over it), readable and writable by this user only.</summary>
    private static void Write(string path, string dataDirectory, string pem)
    {
        var temporary = path + $".{Environment.ProcessId}.tmp";
        try
        {
            Directory.CreateDirectory(dataDirectory);
            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var writer = new StreamWriter(temporary, System.Text.Encoding.ASCII, options))
            {
                writer.Write(pem);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            throw new ServerStartException(
                $"{Option}: cannot keep the certificate in '{path}' ({ex.Message.TrimEnd('.')}); give the server a data directory it can write (--data-dir).", ex);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Nothing more to do: the start fails with the first error anyway.
        }
    }
}
