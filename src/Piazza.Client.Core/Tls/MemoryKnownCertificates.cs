using System.Collections.Concurrent;

namespace Piazza.Client.Core;

/// <summary>Trusted certificates kept for the life of the process only. Safe from any thread.</summary>
public sealed class MemoryKnownCertificates : IKnownCertificates
{
    private readonly ConcurrentDictionary<string, KnownCertificate> _certificates = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public ValueTask<KnownCertificate?> FindAsync(string host, int port, CancellationToken ct) =>
        new(_certificates.TryGetValue(KnownCertificate.KeyFor(host, port), out var known) ? known : null);

    /// <inheritdoc />
    public ValueTask TrustAsync(KnownCertificate certificate, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var checkedCertificate = certificate.Checked();
        _certificates[checkedCertificate.Key] = checkedCertificate;
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<bool> ForgetAsync(string host, int port, CancellationToken ct) =>
        new(_certificates.TryRemove(KnownCertificate.KeyFor(host, port), out _));
}
