using System.Text.Json;
using System.Text.Json.Serialization;

namespace Piazza.Client.Core;

/// <summary>
/// Keeps cursors in one JSON file, every account in it. Each save replaces the file whole (a
/// temporary file renamed over it), so a crash leaves the old file or the new one, never half of
/// one. Safe from any thread of this process.
/// </summary>
/// <param name="path">The file; its folder is created when needed.</param>
public sealed class FileCursorStore(string path) : ICursorStore, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>The file.</summary>
    public string Path { get; } = System.IO.Path.GetFullPath(path);

    /// <summary>Releases the lock that keeps saves apart; the file stays.</summary>
    public void Dispose() => _gate.Dispose();

    /// <inheritdoc />
    /// <exception cref="InvalidDataException">The file is not one this store wrote.</exception>
    public async ValueTask<SavedRooms?> LoadAsync(ServerAccount account, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(account);
        await _gate.WaitAsync(ct);
        try
        {
            var file = await ReadAsync(ct);
            return file.Accounts.TryGetValue(account.Key, out var rooms)
                ? new SavedRooms([.. rooms.Select(r => new SavedRoom(r.Room, r.Epoch, r.LastId))])
                : null;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask SaveAsync(ServerAccount account, SavedRooms rooms, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(rooms);
        await _gate.WaitAsync(ct);
        try
        {
            CursorFile file;
            try
            {
                file = await ReadAsync(ct);
            }
            catch (InvalidDataException)
            {
                // A file that cannot be read is replaced rather than left to block every save.
                file = new CursorFile();
            }

            file.Accounts[account.Key] = [.. rooms.Rooms.Select(r => new CursorEntry(r.Room, r.Epoch, r.LastId))];
            await AtomicFile.ReplaceAsync(Path,
                (stream, token) => JsonSerializer.SerializeAsync(stream, file, CursorFileJson.Default.CursorFile, token),
                privateToUser: false, ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<CursorFile> ReadAsync(CancellationToken ct)
    {
        if (!File.Exists(Path))
        {
            return new CursorFile();
        }

        try
        {
            await using var stream = File.OpenRead(Path);
            var file = await JsonSerializer.DeserializeAsync(stream, CursorFileJson.Default.CursorFile, ct);
            return file is { Version: CursorFile.CurrentVersion } ? file : throw new JsonException("Unknown version.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"The cursor file '{Path}' cannot be read: {ex.Message}", ex);
        }
    }
}

/// <summary>The file's shape.</summary>
internal sealed class CursorFile
{
    public const int CurrentVersion = 1;

    public int Version { get; set; } = CurrentVersion;

    public Dictionary<string, List<CursorEntry>> Accounts { get; set; } = new(StringComparer.Ordinal);
}

internal sealed record CursorEntry(string Room, string? Epoch, long LastId);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(CursorFile))]
internal sealed partial class CursorFileJson : JsonSerializerContext;
