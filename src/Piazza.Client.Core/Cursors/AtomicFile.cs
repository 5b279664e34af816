namespace Piazza.Client.Core;

/// <summary>Replaces a file whole: written to a temporary file beside it, then renamed over it, so a crash leaves the old file or the new one.</summary>
internal static class AtomicFile
{
    /// <param name="path">The file to replace; its folder is created when needed.</param>
    /// <param name="write">Writes the new content.</param>
    /// <param name="privateToUser">Readable and writable by this user only (where the system has such modes).</param>
    /// <param name="ct">Cancels the write; the old file stays.</param>
    public static async Task ReplaceAsync(string path, Func<Stream, CancellationToken, Task> write, bool privateToUser, CancellationToken ct)
    {
        var folder = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (privateToUser && !OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using (var stream = new FileStream(temporary, options))
        {
            await write(stream, ct);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
