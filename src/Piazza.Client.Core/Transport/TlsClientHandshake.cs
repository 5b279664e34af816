using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace Piazza.Client.Core;

/// <summary>
/// The client side of TLS over a connected socket (protocol §11): TLS 1.2 or 1.3, the system's
/// certificate validation, and the certificate the user trusted for this server on first use.
/// Every way it can fail becomes a <see cref="ConnectFailure"/> with one sentence.
/// </summary>
internal static class TlsClientHandshake
{
    public const SslProtocols Protocols = SslProtocols.Tls12 | SslProtocols.Tls13;

    /// <summary>
    /// Either the encrypted stream (it owns a stream over <paramref name="socket"/>, not the socket)
    /// and how it is protected, or why not. Cancellation throws.
    /// </summary>
    public static async Task<Secured> RunAsync(
        Socket socket, ChatConnectionOptions options, string endpoint, TimeProvider time, ILogger logger, CancellationToken ct)
    {
        var known = await FindKnownAsync(options, logger, ct);
        var check = new CertificateCheck(options.Host, options.Port, known, time);
        var probe = new FirstByteProbe(new NetworkStream(socket, ownsSocket: false));
        var tls = new SslStream(probe, leaveInnerStreamOpen: false);
        var authentication = new SslClientAuthenticationOptions
        {
            TargetHost = options.Host,
            EnabledSslProtocols = Protocols,
            RemoteCertificateValidationCallback = check.Validate,
        };
        if (options.TrustRoots is { Count: > 0 } roots)
        {
            var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
            policy.CustomTrustStore.AddRange(roots);
            authentication.CertificateChainPolicy = policy;
        }

        try
        {
            await tls.AuthenticateAsClientAsync(authentication, ct);
            var presented = check.Presented!;
            var security = new ConnectionSecurity(Describe(tls.SslProtocol), tls.NegotiatedCipherSuite.ToString(),
                presented.Fingerprint, presented.Subject, presented.NotAfter, check.Trust!.Value);
            Log.TlsEstablished(logger, security.Protocol, security.CipherSuite, security.Fingerprint, security.Trust);
            return new Secured(tls, security, null);
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException or SocketException or ObjectDisposedException)
        {
            await tls.DisposeAsync();
            ct.ThrowIfCancellationRequested();
            var failure = Classify(check, probe, endpoint, options.Host, ex);
            Log.TlsFailed(logger, ex, failure.Kind, failure.Message);
            return new Secured(null, null, failure);
        }
        catch
        {
            await tls.DisposeAsync();
            throw;
        }
    }

    private static async Task<KnownCertificate?> FindKnownAsync(ChatConnectionOptions options, ILogger logger, CancellationToken ct)
    {
        if (options.KnownCertificates is not { } store)
        {
            return null;
        }

        try
        {
            return await store.FindAsync(options.Host, options.Port, ct);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            // Then the certificate is treated as new: the person is asked again, and trusting it rewrites the file.
            Log.KnownCertificatesUnreadable(logger, ex);
            return null;
        }
    }

    private static ConnectFailure Classify(CertificateCheck check, FirstByteProbe probe, string endpoint, string host, Exception ex)
    {
        if (check.Refused && check.Presented is { } presented)
        {
            return TlsSentences.CertificateRefused(endpoint, host, presented);
        }

        if (probe.SawPlainText)
        {
            return TlsSentences.PlainTextServer(endpoint);
        }

        if (probe.ClosedBeforeAnyByte)
        {
            return TlsSentences.ClosedDuringHandshake(endpoint);
        }

        return check.Refused
            ? TlsSentences.NoCertificate(endpoint)
            : TlsSentences.HandshakeFailed(endpoint, Detail(ex));
    }

    /// <summary>The innermost message: the TLS library's, which names the alert or the missing protocol.</summary>
    private static string Detail(Exception ex)
    {
        while (ex.InnerException is not null)
        {
            ex = ex.InnerException;
        }

        return ex.Message;
    }

    private static string Describe(SslProtocols protocol) => protocol switch
    {
        SslProtocols.Tls13 => "TLS 1.3",
        SslProtocols.Tls12 => "TLS 1.2",
        _ => protocol.ToString(),
    };

    /// <summary>The outcome: <see cref="Stream"/> and <see cref="Security"/>, or <see cref="Failure"/>.</summary>
    internal readonly record struct Secured(SslStream? Stream, ConnectionSecurity? Security, ConnectFailure? Failure);
}
