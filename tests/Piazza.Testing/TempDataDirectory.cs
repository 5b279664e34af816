using Piazza.Server;

namespace Piazza.Testing;

/// <summary>
/// A fresh data directory under the system temp directory, for a server on the SQLite store, so
/// that a test can stop a server and start another on the same history. Deleted on dispose.
/// </summary>
public sealed class TempDataDirectory : IDisposable
{
    public TempDataDirectory() => Path = Directory.CreateTempSubdirectory("piazza-data-").FullName;

    public string Path { get; }

    /// <summary>The options with the SQLite store in this directory: <c>o => data.Sqlite(o) with { ... }</c>.</summary>
    public ServerOptions Sqlite(ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options with { Store = StoreNames.Sqlite, DataDir = Path };
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still open elsewhere: the OS temp cleaner will get it.
        }
    }
}
