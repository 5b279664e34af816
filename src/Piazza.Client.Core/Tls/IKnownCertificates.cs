namespace Piazza.Client.Core;

/// <summary>
/// Where a client remembers, per server (host and port), the certificate the user trusted on
/// first use. Consulted only for a certificate the system does not trust: a remembered
/// fingerprint lets it through, any other is refused as changed. A front end implements it with
/// its settings file, or uses <see cref="FileKnownCertificates"/> (beside the cursor file) or
/// <see cref="MemoryKnownCertificates"/>.
/// </summary>
public interface IKnownCertificates
{
    /// <summary>The certificate trusted for <paramref name="host"/>:<paramref name="port"/>, or null.</summary>
    ValueTask<KnownCertificate?> FindAsync(string host, int port, CancellationToken ct);

    /// <summary>
    /// Remembers <paramref name="certificate"/> for its server, in place of any other. The stores
    /// here keep the fingerprint in its canonical form and refuse a bad one (<see cref="KnownCertificate.Checked"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The host is empty, the port out of range, or the fingerprint not one.</exception>
    ValueTask TrustAsync(KnownCertificate certificate, CancellationToken ct);

    /// <summary>Forgets the certificate of <paramref name="host"/>:<paramref name="port"/>; false when there was none.</summary>
    ValueTask<bool> ForgetAsync(string host, int port, CancellationToken ct);
}
