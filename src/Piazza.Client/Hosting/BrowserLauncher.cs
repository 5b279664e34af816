using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Piazza.Client.Hosting;

/// <summary>
/// Opens the app in a window of its own: a Chromium-family browser in app mode with a fresh
/// profile (so the process started is the window and its exit means the window closed), else the
/// platform's default browser.
/// </summary>
public sealed class BrowserLauncher(ILogger<BrowserLauncher> logger)
{
    /// <summary>Searched on PATH in this order.</summary>
    public static IReadOnlyList<string> ChromiumNames { get; } =
        ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "microsoft-edge", "brave-browser"];

    /// <summary>Returns the window, or null when only the default browser (which cannot be watched) was asked.</summary>
    public AppWindow? Open(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (OperatingSystem.IsLinux() && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DISPLAY"))
            && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WAYLAND_DISPLAY")))
        {
            Log.NoDisplay(logger);
            return null;
        }

        var chromium = FindChromium();
        if (chromium is not null)
        {
            var window = TryStartAppWindow(chromium, url);
            if (window is not null)
            {
                return window;
            }
        }

        OpenDefaultBrowser(url);
        return null;
    }

    public static string? FindChromium()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var name in ChromiumNames)
        {
            foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = Path.Combine(dir, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    /// <summary>The arguments of an app window; public so the launch line can be checked without a display.</summary>
    public static IReadOnlyList<string> AppWindowArguments(Uri url, string profileDirectory, bool asRoot) =>
    [
        "--app=" + url.AbsoluteUri,
        "--user-data-dir=" + profileDirectory,
        "--no-first-run",
        "--no-default-browser-check",
        // Hides the "unsupported command-line flag" bar that --no-sandbox would otherwise show.
        "--test-type",
        "--window-size=1040,720",
        .. asRoot ? (string[])["--no-sandbox"] : [],
    ];

    /// <summary>
    /// Prepares the window's fresh profile: the app's own page may show desktop notifications
    /// (whether it does is the app's "Desktop notifications" setting), so a profile that is new at
    /// every run does not ask for that permission at every run.
    /// </summary>
    public static void PrepareProfile(string profileDirectory, Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var origin = url.GetLeftPart(UriPartial.Authority);
        var folder = Directory.CreateDirectory(Path.Combine(profileDirectory, "Default")).FullName;
        var preferences = new System.Text.Json.Nodes.JsonObject
        {
            ["profile"] = new System.Text.Json.Nodes.JsonObject
            {
                ["content_settings"] = new System.Text.Json.Nodes.JsonObject
                {
                    ["exceptions"] = new System.Text.Json.Nodes.JsonObject
                    {
                        ["notifications"] = new System.Text.Json.Nodes.JsonObject
                        {
                            [origin + ",*"] = new System.Text.Json.Nodes.JsonObject { ["setting"] = 1 },
                        },
                    },
                },
            },
        };
        File.WriteAllText(Path.Combine(folder, "Preferences"), preferences.ToJsonString());
    }

    private AppWindow? TryStartAppWindow(string chromium, Uri url)
    {
        var profile = Directory.CreateTempSubdirectory("piazza-window-").FullName;
        try
        {
            PrepareProfile(profile, url);
        }
        catch (IOException ex)
        {
            // Without it the page asks for the permission itself; nothing else depends on it.
            Log.BrowserFailed(logger, "the window's profile", ex.Message);
        }

        var start = new ProcessStartInfo(chromium)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in AppWindowArguments(url, profile, IsRoot()))
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            var process = Process.Start(start);
            if (process is null)
            {
                DeleteQuietly(profile);
                return null;
            }

            // Chromium is chatty on stderr (D-Bus, GPU); drain it so it never blocks, and keep it out of the terminal.
            process.OutputDataReceived += static (_, _) => { };
            process.ErrorDataReceived += static (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            Log.WindowOpened(logger, Path.GetFileName(chromium), process.Id);
            return new AppWindow(process, profile);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            Log.BrowserFailed(logger, chromium, ex.Message);
            DeleteQuietly(profile);
            return null;
        }
    }

    private void OpenDefaultBrowser(Uri url)
    {
        try
        {
            ProcessStartInfo start;
            if (OperatingSystem.IsWindows())
            {
                start = new ProcessStartInfo(url.AbsoluteUri) { UseShellExecute = true };
            }
            else
            {
                start = new ProcessStartInfo(OperatingSystem.IsMacOS() ? "open" : "xdg-open") { UseShellExecute = false };
                start.ArgumentList.Add(url.AbsoluteUri);
            }

            using var opener = Process.Start(start);
            Log.DefaultBrowserOpened(logger);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            Log.BrowserFailed(logger, "the default browser", ex.Message);
        }
    }

    // Chromium refuses to start as root unless its sandbox is turned off.
    private static bool IsRoot() =>
        !OperatingSystem.IsWindows() && string.Equals(Environment.UserName, "root", StringComparison.Ordinal);

    internal static void DeleteQuietly(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A temporary profile left behind is harmless; the OS cleans its temp folder.
        }
    }
}
