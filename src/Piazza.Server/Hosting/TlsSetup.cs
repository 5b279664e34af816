using Microsoft.Extensions.Logging;
using Piazza.Server.Transport;

namespace Piazza.Server.Hosting;

/// <summary>
/// Turns the TLS options into the certificate the TLS port presents: from <c>--tls-cert</c> and
/// <c>--tls-key</c>, or the self-signed one kept in the data directory. Every problem the operator
/// can fix is one sentence naming the option.
/// </summary>
internal static class TlsSetup
{
    /// <summary>Rules between the TLS options; null when they agree.</summary>
    public static string? CheckOptions(ServerOptions options)
    {
        if (options.TlsSelfSigned && (options.TlsCertFile is not null || options.TlsKeyFile is not null))
        {
            return "--tls self-signed and --tls-cert/--tls-key are two ways to get a certificate: give one of them.";
        }

        if (options.TlsCertFile is not null && options.TlsKeyFile is null)
        {
            return "--tls-cert needs --tls-key: the PEM file with the certificate's private key.";
        }

        if (options.TlsKeyFile is not null && options.TlsCertFile is null)
        {
            return "--tls-key needs --tls-cert: the PEM file with the certificate the key belongs to.";
        }

        if (IrcSetup.CheckOptions(options) is { } irc)
        {
            return irc;
        }

        if (options.TlsPort is not { } tlsPort)
        {
            return null;
        }

        if (!options.TlsEnabled)
        {
            return "--tls-port needs a certificate: add --tls self-signed, or --tls-cert and --tls-key.";
        }

        if (tlsPort is < 0 or > 65535)
        {
            return $"--tls-port must be a whole number from 1 to 65535 ('{tlsPort}' is not).";
        }

        return tlsPort == options.Port && tlsPort != 0
            ? $"--tls-port ({tlsPort}) must differ from --port ({options.Port}); to serve TLS on --port itself, leave --tls-port out."
            : null;
    }

    /// <summary>The TLS of the server, or null when it serves none.</summary>
    /// <exception cref="ServerStartException">A certificate or key cannot be read or used, or the self-signed one cannot be kept.</exception>
    public static TlsAcceptor? Create(ServerOptions options, TimeProvider time, ILogger logger)
    {
        ServerCertificate certificate;
        if (options.TlsSelfSigned)
        {
            var (kept, outcome) = SelfSignedCertificate.LoadOrCreate(options.ResolvedDataDir, options.Host, time);
            var path = Path.Combine(options.ResolvedDataDir, SelfSignedCertificate.FileName);
            switch (outcome)
            {
                case SelfSignedCertificate.Outcome.Created:
                    logger.SelfSignedCreated(path);
                    break;
                case SelfSignedCertificate.Outcome.Renewed:
                    logger.SelfSignedRenewed(path);
                    break;
            }

            certificate = kept;
        }
        else if (options.TlsCertFile is { } certificatePath && options.TlsKeyFile is { } keyPath)
        {
            var certificatePem = PemCertificate.ReadFile(certificatePath, "--tls-cert");
            var keyPem = PemCertificate.ReadFile(keyPath, "--tls-key");
            certificate = PemCertificate.Parse(certificatePem, keyPem,
                new PemSource("--tls-cert", certificatePath), new PemSource("--tls-key", keyPath), $"from {certificatePath}");
        }
        else
        {
            return null;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var leaf = certificate.Certificate;
        if (leaf.NotAfter.ToUniversalTime() <= now)
        {
            logger.CertificateExpired(certificate.Subject, leaf.NotAfter.ToUniversalTime());
        }
        else if (leaf.NotBefore.ToUniversalTime() > now)
        {
            logger.CertificateNotYetValid(certificate.Subject, leaf.NotBefore.ToUniversalTime());
        }

        return new TlsAcceptor(certificate);
    }
}
