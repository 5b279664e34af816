namespace Piazza.Bench;

/// <summary>The size of a server's data directory (the SQLite database with its WAL and shared-memory files).</summary>
internal static class DataFiles
{
    /// <summary>Bytes in the files directly in <paramref name="directory"/>; null without a directory or when it cannot be read.</summary>
    public static long? SizeBytes(string? directory)
    {
        if (directory is null)
        {
            return null;
        }

        try
        {
            return new DirectoryInfo(directory).EnumerateFiles().Sum(f => f.Length);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
