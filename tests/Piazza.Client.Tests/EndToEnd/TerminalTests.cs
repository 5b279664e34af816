using Piazza.Client.Hosting;
using Piazza.Client.Tests.Support;
using Piazza.Protocol;

namespace Piazza.Client.Tests.EndToEnd;

/// <summary>The client started from a terminal, as its own process.</summary>
[Collection(SharedBrowser.Name)]
public sealed class TerminalTests(BrowserFixture browser)
{
    [Fact]
    public async Task Ctrl_C_says_goodbye_for_the_page_and_ends_the_client()
    {
        await using var server = await TestServer.StartAsync();
        await using var watcher = await server.JoinAsync("watcher");
        await using var client = ClientProcess.Start(["--no-browser"]);
        var url = await client.WaitForUrlAsync();
        var page = await browser.NewPageAsync();
        await page.JoinAsync(url, server.Port, "alice");

        await client.InterruptAsync();

        // Hang guards only: a client stopping on a busy machine (browser tests beside it) has been
        // seen to take over ten seconds to say goodbye.
        LeftFrame left;
        try
        {
            left = await watcher.ExpectAsync<LeftFrame>(f => f.User == "alice", TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException(e.Message + "\nclient output:\n" + client.Output, e);
        }

        Assert.Equal(LeaveReasons.Quit, left.Reason);
        Assert.True(await client.ExitsWithinAsync(TimeSpan.FromSeconds(60)), "the client still runs after Ctrl+C:\n" + client.Output);
        Assert.Equal(0, client.Process.ExitCode);
    }

    [Fact]
    public async Task Bad_urls_are_refused_with_a_sentence_naming_the_option()
    {
        await using var client = ClientProcess.Start(["--no-browser", "--urls", "http://0.0.0.0:8080"]);

        Assert.True(await client.ExitsWithinAsync(TimeSpan.FromSeconds(20)), client.Output);
        Assert.Equal(ClientProgram.BadUsage, client.Process.ExitCode);
        Assert.Single(client.Lines);
        Assert.Contains("not a loopback address", client.Output, StringComparison.Ordinal);
        Assert.Contains("--urls", client.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_option_is_one_sentence_naming_it_and_exit_code_2_as_for_the_server()
    {
        await using var client = ClientProcess.Start(["--browser", "firefox"]);

        Assert.True(await client.ExitsWithinAsync(TimeSpan.FromSeconds(20)), client.Output);
        Assert.Equal(ClientProgram.BadUsage, client.Process.ExitCode);
        Assert.Equal(["piazza-client: unknown option '--browser' (did you mean --no-browser?); --help lists the options."], client.Lines);
    }

    [Fact]
    public async Task Urls_sets_where_the_ui_listens()
    {
        var port = Ports.Free();

        await using var client = ClientProcess.Start(["--no-browser", "--urls", $"http://127.0.0.1:{port}"]);

        var url = await client.WaitForUrlAsync();
        Assert.Equal(port, url.Port);
    }
}
