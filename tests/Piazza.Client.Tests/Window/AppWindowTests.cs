using System.Diagnostics;
using Piazza.Client.Tests.Support;

namespace Piazza.Client.Tests.Window;

/// <summary>
/// The real launcher path: no --no-browser, so the client opens `chromium --app` on a virtual
/// display; the window going away must end the client.
/// </summary>
public sealed class AppWindowTests
{
    private const string XvfbRun = "/usr/bin/xvfb-run";

    [Fact]
    public async Task Closing_the_app_window_ends_the_client_within_seconds()
    {
        Assert.SkipUnless(File.Exists(XvfbRun), $"{XvfbRun} is not installed (apt-get install xvfb xauth); scripts/test.sh installs it.");
        Assert.SkipUnless(File.Exists(BrowserFixture.ChromiumPath), $"{BrowserFixture.ChromiumPath} is not installed (apt-get install chromium).");

        await using var client = ClientProcess.Start([], [XvfbRun, "-a", "-s", "-screen 0 1100x760x24"]);

        var url = await client.WaitForUrlAsync();
        Assert.Equal("127.0.0.1", url.Host);
        Assert.Contains("token=", url.Query, StringComparison.Ordinal);
        var pid = await client.WaitForWindowPidAsync();
        // The page in that window is live: its circuit reached the app.
        await client.WaitForLineAsync(l => l.Contains("A page connected", StringComparison.Ordinal));

        using (var window = Process.GetProcessById(pid))
        {
            Assert.Contains("chromium", window.ProcessName, StringComparison.OrdinalIgnoreCase);
            window.Kill(entireProcessTree: true);
        }

        Assert.True(await client.ExitsWithinAsync(TimeSpan.FromSeconds(10)), "the client still runs after its window closed:\n" + client.Output);
        Assert.Contains(client.Lines, l => l.Contains("The app window closed", StringComparison.Ordinal));
        Assert.Equal(0, client.Process.ExitCode);
    }
}
