using System.Globalization;

namespace Piazza.Client.Core;

/// <summary>The sentences of TLS failures: each says what happened and what to do.</summary>
internal static class TlsSentences
{
    /// <summary>The certificate was refused: changed since trusted, not trusted, or not valid.</summary>
    public static ConnectFailure CertificateRefused(string endpoint, string host, PresentedCertificate certificate)
    {
        if (certificate.KnownFingerprint is { } before)
        {
            return new(ConnectFailureKind.CertificateChanged,
                $"The certificate of {endpoint} has changed since you trusted it (SHA-256 {before} then, {certificate.Fingerprint} now): the server may have a new certificate, or someone may be intercepting the connection, so ask the server's operator before trusting the new one.",
                Certificate: certificate);
        }

        var problems = certificate.Problems;
        if (problems.HasFlag(CertificateProblems.Untrusted))
        {
            return new(ConnectFailureKind.CertificateNotTrusted,
                $"The server at {endpoint} presents a certificate this computer does not trust (self-signed, or from an unknown authority) with SHA-256 fingerprint {certificate.Fingerprint}: trust it only if the server's operator confirms that fingerprint.",
                Certificate: certificate);
        }

        var message = problems switch
        {
            _ when problems.HasFlag(CertificateProblems.Revoked) =>
                $"The certificate of {endpoint} has been revoked by its issuer; do not connect until the server's operator replaces it.",
            _ when problems.HasFlag(CertificateProblems.Expired) =>
                $"The certificate of {endpoint} expired on {Date(certificate.NotAfter)}; the server's operator must renew it.",
            _ when problems.HasFlag(CertificateProblems.NotYetValid) =>
                $"The certificate of {endpoint} is not valid before {Date(certificate.NotBefore)}; check this computer's date and time.",
            _ when problems.HasFlag(CertificateProblems.NameMismatch) => certificate.Names.Count == 0
                ? $"The certificate of {endpoint} does not name '{host}'; connect with the name the certificate is for, or ask the server's operator for one that names it."
                : $"The certificate of {endpoint} is for {string.Join(", ", certificate.Names)}, not for '{host}'; connect with one of those names, or ask the server's operator for a certificate that names '{host}'.",
            _ => $"The certificate of {endpoint} is not valid (its chain or signature does not check out); ask the server's operator to fix it.",
        };
        return new(ConnectFailureKind.CertificateInvalid, message, Certificate: certificate);
    }

    public static ConnectFailure NoCertificate(string endpoint) => new(ConnectFailureKind.CertificateInvalid,
        $"The server at {endpoint} sent no certificate, so it cannot be checked; ask the server's operator to fix it.");

    public static ConnectFailure PlainTextServer(string endpoint) => new(ConnectFailureKind.TlsFailed,
        $"The server at {endpoint} answered in plain text, not TLS: turn off Use TLS, or connect to the server's TLS port.",
        ConnectFailure.UseTlsField);

    public static ConnectFailure ClosedDuringHandshake(string endpoint) => new(ConnectFailureKind.TlsFailed,
        $"The server at {endpoint} closed the connection during the TLS handshake; it may not speak TLS on this port (turn off Use TLS, or connect to its TLS port).",
        ConnectFailure.UseTlsField);

    public static ConnectFailure HandshakeFailed(string endpoint, string detail) => new(ConnectFailureKind.TlsFailed,
        $"The TLS handshake with {endpoint} failed ({Sentences.Clause(detail)}); the server may accept only TLS versions or ciphers this computer does not offer (Piazza needs TLS 1.2 or newer).");

    public static ConnectFailure HandshakeTimedOut(string endpoint, TimeSpan timeout) => new(ConnectFailureKind.TimedOut,
        $"Connected to {endpoint}, but the TLS handshake did not finish within {Sentences.Duration(timeout)}; the server may not speak TLS on this port (turn off Use TLS, or connect to its TLS port).",
        ConnectFailure.UseTlsField);

    /// <summary>A plain-text hello answered with <c>tls_required</c>: the port speaks TLS.</summary>
    public static ConnectFailure TlsRequired(string endpoint, string serverMessage) => new(ConnectFailureKind.TlsRequired,
        $"The server at {endpoint} requires TLS ({Sentences.Clause(serverMessage)}); turn on Use TLS.",
        ConnectFailure.UseTlsField);

    private static string Date(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
