using System.Diagnostics;

namespace Piazza.Client.Hosting;

/// <summary>The browser process that is the app's window, and its throwaway profile folder.</summary>
public sealed class AppWindow(Process process, string profileDirectory) : IDisposable
{
    public Process Process { get; } = process;

    public string ProfileDirectory { get; } = profileDirectory;

    /// <summary>Closes the window if it is still open (used when the app stops from elsewhere).</summary>
    public void Close()
    {
        try
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }
    }

    public void Dispose()
    {
        Process.Dispose();
        BrowserLauncher.DeleteQuietly(ProfileDirectory);
    }
}
