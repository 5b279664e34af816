using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Piazza.Client.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Piazza.Client.Tests.EndToEnd;

[Collection(SharedBrowser.Name)]
public sealed class ConnectionEndToEndTests(BrowserFixture browser)
{
    [Fact]
    public async Task When_the_server_stops_the_page_shows_the_lost_connection_and_reconnects_when_it_returns()
    {
        var server = await TestServer.StartAsync();
        var port = server.Port;
        await using var app = await ClientApp.StartAsync();
        var page = await browser.NewPageAsync();
        TestServer? second = null;
        try
        {
            await page.JoinAsync(app, port, "alice");
            await page.SayAsync("Before the restart");
            await Expect(page.Log().Locator(".msg.own .delivery-state")).ToHaveTextAsync("Sent");

            await server.DisposeAsync();

            await Expect(page.Log()).ToContainTextAsync("Lost connection");
            await Expect(page.Status()).ToContainTextAsync(new Regex(@"Reconnecting, attempt \d+, (next in \d+ s|trying now)"));
            await Expect(page.Status()).ToContainTextAsync(new Regex(@"next in \d+ s"));
            await Screens.SaveAsync(page, "chat-reconnecting");

            // Typing on while the link is down: the message waits, says so, and goes out by itself
            // once the server is back.
            await page.SayAsync("Sent while away");
            var away = page.Log().Locator(".msg.own", new() { HasText = "Sent while away" });
            await Expect(away.Locator(".delivery-state")).ToHaveTextAsync("Waiting to send");

            second = await TestServer.StartAsync(port: port);

            await Expect(page.Status()).ToHaveTextAsync(new Regex($@"Connected as alice to 127\.0\.0\.1:{port}"), new() { Timeout = 45_000 });
            await Expect(page.Log()).ToContainTextAsync("Reconnected as alice");
            await Expect(away.Locator(".delivery-state")).ToHaveTextAsync("Sent");
            await Expect(page.Log().Locator(".msg", new() { HasText = "Sent while away" })).ToHaveCountAsync(1);
            Assert.Empty(app.Logs.Problems);
        }
        finally
        {
            if (second is not null)
            {
                await second.DisposeAsync();
            }

            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Closing_one_page_makes_the_other_see_that_user_leave()
    {
        await using var server = await TestServer.StartAsync();
        await using var app = await ClientApp.StartAsync();
        var alice = await browser.NewPageAsync();
        var bob = await browser.NewPageAsync();
        await alice.JoinAsync(app, server.Port, "alice");
        await bob.JoinAsync(app, server.Port, "bob");
        await Expect(alice.Online()).ToContainTextAsync("bob");

        await bob.Context.CloseAsync();

        await Expect(alice.Log()).ToContainTextAsync("bob left");
        await Expect(alice.Online().GetByRole(AriaRole.Listitem)).ToHaveCountAsync(1);
        await Expect(alice.Online()).Not.ToContainTextAsync("bob");
    }

    [Fact]
    public async Task Disconnect_leaves_the_room_and_returns_to_the_form()
    {
        await using var server = await TestServer.StartAsync();
        await using var app = await ClientApp.StartAsync();
        await using var watcher = await server.JoinAsync("watcher");
        var page = await browser.NewPageAsync();
        await page.JoinAsync(app, server.Port, "alice");
        await Eventually.TrueAsync(() => server.Server.MemberCount == 2, what: "alice in the room");

        await page.Button("Disconnect").ClickAsync();

        await Expect(page.Button("Connect")).ToBeVisibleAsync();
        await Expect(page.Field("Username")).ToHaveValueAsync("alice");
        await Eventually.TrueAsync(() => server.Server.MemberCount == 1, what: "alice gone from the room");
    }

    [Fact]
    public async Task Close_says_goodbye_shows_the_closed_state_and_stops_the_app()
    {
        await using var server = await TestServer.StartAsync();
        await using var app = await ClientApp.StartAsync();
        var alice = await browser.NewPageAsync();
        var bob = await browser.NewPageAsync();
        await alice.JoinAsync(app, server.Port, "alice");
        await bob.JoinAsync(app, server.Port, "bob");

        await bob.Button("Close").ClickAsync();

        await Expect(bob.GetByText("Piazza has closed; you can close this window.").First).ToBeVisibleAsync();
        await Expect(alice.Log()).ToContainTextAsync(new Regex(@"bob left"));
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await app.Host.WaitForShutdownAsync(limit.Token);
        Assert.False(limit.IsCancellationRequested);
        // A page still open says so instead of going blank.
        await Expect(alice.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        await Screens.SaveAsync(alice, "page-after-app-stopped");
        var notice = alice.GetByRole(AriaRole.Alert);
        await Expect(notice.GetByText("Piazza has closed; you can close this window.").First).ToBeVisibleAsync();
        await Expect(notice.GetByText("trying again")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task New_messages_below_the_fold_show_a_pill_instead_of_yanking_the_view()
    {
        await using var server = await TestServer.StartAsync(o => o with { RateBurst = 1000, RatePerSecond = 1000 });
        await using var app = await ClientApp.StartAsync();
        await using var bob = await server.JoinAsync("bob");
        var page = await browser.NewPageAsync(width: 900, height: 500);
        await page.JoinAsync(app, server.Port, "alice");
        for (var i = 1; i <= 30; i++)
        {
            await bob.SendAsync(new Piazza.Protocol.SayFrame($"line {i}", null));
        }

        await Expect(page.Log()).ToContainTextAsync("line 30");
        var log = page.Log();
        // Followed while at the bottom.
        await page.WaitForFunctionAsync(AtBottomScript);

        // Going up to the top loads what came before, here down to the beginning; then the top stays put.
        await log.EvaluateAsync("el => el.scrollTop = 0");
        await Expect(log).ToContainTextAsync("This is the beginning of #piazza.");
        await log.EvaluateAsync("el => el.scrollTop = 0");
        // A reader's scroll is handled in the next animation frame; let two pass, as a person's would.
        await page.EvaluateAsync("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))");
        await bob.SendAsync(new Piazza.Protocol.SayFrame("line 31", null));
        await Expect(log).ToContainTextAsync("line 31");

        var pill = page.Button("New messages");
        await Expect(pill).ToBeVisibleAsync();
        Assert.Equal(0, await log.EvaluateAsync<int>("el => el.scrollTop"));
        await pill.ClickAsync();
        await Expect(pill).ToBeHiddenAsync();
        Assert.True(await page.EvaluateAsync<bool>(AtBottomScript));
    }

    // At the bottom as chat.js judges it (NEAR_BOTTOM_PX).
    private const string AtBottomScript =
        "() => { const el = document.querySelector('[role=log]'); return el.scrollHeight - el.scrollTop - el.clientHeight <= 32; }";
}
