using System.Text.Json;
using System.Text.Json.Serialization;

namespace Piazza.Client.Core;

/// <summary>
/// Keeps trusted certificates in one JSON file (for example <c>known-certificates.json</c> beside
/// the cursor file), every server in it. Each change replaces the file whole (a temporary file
/// renamed over it), readable by this user only. Safe from any thread of this process.
/// </summary>
/// <param name="path">The file; its folder is created when needed.</param>
public sealed class FileKnownCertificates(string path) : IKnownCertificates, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>The file.</summary>
    public string Path { get; } = System.IO.Path.GetFullPath(path);

    /// <summary>Releases the lock that keeps changes apart; the file stays.</summary>
    public void Dispose() => _gate.Dispose();

    /// <inheritdoc />
    /// <exception cref="InvalidDataException">The file is not one this store wrote.</exception>
    public async ValueTask<KnownCertificate?> FindAsync(string host, int port, CancellationToken ct)
    {
        var key = KnownCertificate.KeyFor(host, port);
        await _gate.WaitAsync(ct);
        try
        {
            var file = await ReadAsync(ct);
            return file.Certificates.TryGetValue(key, out var entry) ? new KnownCertificate(entry.Host, entry.Port, entry.Fingerprint, entry.TrustedAt) : null;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask TrustAsync(KnownCertificate certificate, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var trusted = certificate.Checked();
        await ChangeAsync(file => file.Certificates[trusted.Key] =
            new KnownCertificateEntry(trusted.Host, trusted.Port, trusted.Fingerprint, trusted.TrustedAt), ct);
    }

    /// <inheritdoc />
    public async ValueTask<bool> ForgetAsync(string host, int port, CancellationToken ct)
    {
        var key = KnownCertificate.KeyFor(host, port);
        var removed = false;
        await ChangeAsync(file => removed = file.Certificates.Remove(key), ct);
        return removed;
    }

    private async Task ChangeAsync(Action<KnownCertificatesFile> change, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            KnownCertificatesFile file;
            try
            {
                file = await ReadAsync(ct);
            }
            catch (InvalidDataException)
            {
                // A file that cannot be read is replaced rather than left to block every change.
                file = new KnownCertificatesFile();
            }

            change(file);
            await AtomicFile.ReplaceAsync(Path,
                (stream, token) => JsonSerializer.SerializeAsync(stream, file, KnownCertificatesJson.Default.KnownCertificatesFile, token),
                privateToUser: true, ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<KnownCertificatesFile> ReadAsync(CancellationToken ct)
    {
        if (!File.Exists(Path))
        {
            return new KnownCertificatesFile();
        }

        try
        {
            await using var stream = File.OpenRead(Path);
            var file = await JsonSerializer.DeserializeAsync(stream, KnownCertificatesJson.Default.KnownCertificatesFile, ct);
            return file is { Version: KnownCertificatesFile.CurrentVersion } ? file : throw new JsonException("Unknown version.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"The file of trusted certificates '{Path}' cannot be read: {ex.Message}", ex);
        }
    }
}

/// <summary>The file's shape.</summary>
internal sealed class KnownCertificatesFile
{
    public const int CurrentVersion = 1;

    public int Version { get; set; } = CurrentVersion;

    public Dictionary<string, KnownCertificateEntry> Certificates { get; set; } = new(StringComparer.Ordinal);
}

internal sealed record KnownCertificateEntry(string Host, int Port, string Fingerprint, DateTimeOffset TrustedAt);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(KnownCertificatesFile))]
internal sealed partial class KnownCertificatesJson : JsonSerializerContext;
