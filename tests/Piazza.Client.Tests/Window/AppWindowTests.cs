using System.Diagnostics;
using Piazza.Client.Tests.Support;
using Piazza.Protocol;

namespace Piazza.Client.Tests.Window;

/// <summary>
/// The real launcher path: no --no-browser, so the client opens `chromium --app` on a virtual
/// display; the window going away must end the client, saying bye for every chat first.
/// </summary>
[Collection(SharedBrowser.Name)]
public sealed class AppWindowTests(BrowserFixture browser)
{
    private const string XvfbRun = "/usr/bin/xvfb-run";

    [Fact]
    public async Task Closing_the_app_window_says_bye_and_ends_the_client_within_seconds()
    {
        Assert.SkipUnless(File.Exists(XvfbRun), $"{XvfbRun} is not installed (apt-get install xvfb xauth); scripts/test.sh installs it.");
        Assert.SkipUnless(File.Exists(BrowserFixture.ChromiumPath), $"{BrowserFixture.ChromiumPath} is not installed (apt-get install chromium).");
        await using var server = await TestServer.StartAsync();
        await using var watcher = await server.JoinAsync("watcher");

        await using var client = ClientProcess.Start([], [XvfbRun, "-a", "-s", "-screen 0 1100x760x24"]);

        var url = await client.WaitForUrlAsync();
        Assert.Equal("127.0.0.1", url.Host);
        Assert.Contains("token=", url.Query, StringComparison.Ordinal);
        var pid = await client.WaitForWindowPidAsync();
        // The page in that window is live: its circuit reached the app.
        await client.WaitForLineAsync(l => l.Contains("A page connected (1 open)", StringComparison.Ordinal));

        // A second page of the same client joins a chat (typing into the window itself would
        // need a keyboard robot); its goodbye proves the app says bye for every session it holds.
        var page = await browser.NewPageAsync();
        await page.JoinAsync(url, server.Port, "alice");

        using (var window = Process.GetProcessById(pid))
        {
            Assert.Contains("chromium", window.ProcessName, StringComparison.OrdinalIgnoreCase);
            window.Kill(entireProcessTree: true);
        }

        var left = await watcher.ExpectAsync<LeftFrame>(f => f.User == "alice");
        Assert.Equal(LeaveReasons.Quit, left.Reason);
        Assert.True(await client.ExitsWithinAsync(TimeSpan.FromSeconds(10)), "the client still runs after its window closed:\n" + client.Output);
        Assert.Contains(client.Lines, l => l.Contains("The app window closed", StringComparison.Ordinal));
        Assert.Equal(0, client.Process.ExitCode);
    }
}
