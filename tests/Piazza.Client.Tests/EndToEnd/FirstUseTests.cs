using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Piazza.Client.Core;
using Piazza.Client.Tests.Support;
using Piazza.Protocol;
using static Microsoft.Playwright.Assertions;

namespace Piazza.Client.Tests.EndToEnd;

/// <summary>What a new user ran into, each fixed: found by trying the client as one would.</summary>
[Collection(SharedBrowser.Name)]
public sealed class FirstUseTests(BrowserFixture browser)
{
    /// <summary>Long pauses between attempts: the countdown waits, so only Reconnect now can end it in time.</summary>
    private static readonly ReconnectPolicy SlowRetries = new(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5), 0);

    [Fact]
    public async Task The_status_is_readable_at_every_width_and_Reconnect_now_skips_the_countdown()
    {
        var server = await TestServer.StartAsync();
        var port = server.Port;
        await using var app = await ClientApp.StartAsync(configure: o => o with { Reconnect = SlowRetries });
        var page = await browser.NewPageAsync(width: 1040, height: 720);
        TestServer? again = null;
        try
        {
            await page.JoinAsync(app, port, "alice");
            await server.DisposeAsync();
            await Expect(page.Status()).ToContainTextAsync(new Regex(@"Reconnecting, attempt 1, next in \d+ s"));

            // Trying at once while the server is still away fails, and the countdown to the next
            // attempt starts with the reason beside it: the longest the status gets.
            await page.Button("Reconnect now").ClickAsync();
            await Expect(page.Status()).ToContainTextAsync(new Regex(@"Reconnecting, attempt 2, next in \d+ s"));
            await Expect(page.Status().Locator(".status-detail")).ToContainTextAsync("connection refused. Is the server running?");

            // The app window's own size, a narrow window and a phone-sized one: every word of the
            // status is on screen, nothing is cut off.
            foreach (var width in new[] { 1040, 720, 480, 360 })
            {
                await page.SetViewportSizeAsync(width, 720);
                foreach (var part in new[] { page.Status().Locator(".status-text"), page.Status().Locator(".status-detail") })
                {
                    await Expect(part).ToBeInViewportAsync(new() { Ratio = 1 });
                    Assert.True(await part.EvaluateAsync<bool>("el => el.scrollWidth <= el.clientWidth + 1"),
                        $"the status is cut off at {width} px: {await part.TextContentAsync()}");
                }

                await Expect(page.Button("Reconnect now")).ToBeInViewportAsync(new() { Ratio = 1 });
                if (width == 480)
                {
                    await Screens.PublishToDocsAsync(page, $"status-reconnecting-{width}", "screenshot-reconnecting.png");
                }
                else
                {
                    await Screens.SaveAsync(page, $"status-reconnecting-{width}");
                }
            }

            await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
            await Screens.SaveAsync(page, "status-reconnecting-360-dark");
            await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });
            await page.SetViewportSizeAsync(1040, 720);

            // The server is back; the next attempt is minutes away, and Reconnect now does not wait for it.
            again = await TestServer.StartAsync(port: port);
            await page.Button("Reconnect now").ClickAsync();
            await Expect(page.Status()).ToContainTextAsync($"Connected as alice to 127.0.0.1:{port}");
            await Expect(page.Button("Reconnect now")).ToHaveCountAsync(0);
            Assert.Empty(app.Logs.Problems);
        }
        finally
        {
            if (again is not null)
            {
                await again.DisposeAsync();
            }

            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Messages_held_back_by_flood_control_say_why()
    {
        // Two frames at once, then one every two seconds: the third message in a row waits.
        await using var server = await TestServer.StartAsync(o => o with { RateBurst = 2, RatePerSecond = 0.5 });
        await using var app = await ClientApp.StartAsync();
        var page = await browser.NewPageAsync();
        await page.JoinAsync(app, server.Port, "alice");
        await Expect(page.RoomHeading()).ToHaveTextAsync("#piazza");

        for (var i = 1; i <= 4; i++)
        {
            await page.SayAsync($"quick {i}");
        }

        var slow = page.Log().Locator(".msg.own .delivery-state", new() { HasText = "Sending slowly: you are over the server's rate" });
        await Expect(slow.First).ToBeVisibleAsync();
        await Screens.SaveAsync(page, "chat-sending-slowly");
        await Expect(page.Log().Locator(".msg.own .delivery-state")).ToHaveTextAsync(["Sent", "Sent", "Sent", "Sent"], new() { Timeout = 30_000 });
        Assert.Empty(app.Logs.Problems);
    }

    [Fact]
    public async Task A_pasted_invisible_character_is_named_with_where_it_is_and_nothing_is_sent()
    {
        await using var server = await TestServer.StartAsync();
        await using var watcher = await server.JoinAsync("watcher");
        await using var app = await ClientApp.StartAsync();
        var page = await browser.NewPageAsync();
        await page.JoinAsync(app, server.Port, "alice");
        await Expect(page.RoomHeading()).ToHaveTextAsync("#piazza");

        const string Pasted = "see\u202Eevil.txt";
        var box = page.Field("Message");
        await box.FillAsync(Pasted);
        await box.PressAsync("Enter");

        var rule = MessageTextRules.Validate(Pasted).Message!;
        Assert.Contains("RIGHT-TO-LEFT OVERRIDE (U+202E), found at character 4", rule, StringComparison.Ordinal);
        await Expect(box).ToHaveAccessibleDescriptionAsync(rule);
        await Expect(box).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(box).ToHaveValueAsync(Pasted);
        await Screens.SaveAsync(page, "chat-invisible-character");

        // Nothing went out: the next message is the first the room sees from alice.
        await box.FillAsync("plain");
        await box.PressAsync("Enter");
        var said = await watcher.ExpectAsync<MessageFrame>(m => m.From == "alice");
        Assert.Equal("plain", said.Text);
    }

    [Fact]
    public async Task A_refused_connection_puts_the_cursor_in_the_port_field()
    {
        var port = Ports.Free();
        await using var app = await ClientApp.StartAsync();
        var page = await browser.NewPageAsync();
        await page.OpenAsync(app);

        await page.FillFormAsync("127.0.0.1", port, "alice");
        await page.Button("Connect").ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("connection refused");
        await Expect(page.Field("Port")).ToBeFocusedAsync();
        await Expect(page.Field("Port")).ToHaveAttributeAsync("aria-invalid", "true");
    }

    [Fact]
    public async Task The_closed_page_says_it_has_closed_once()
    {
        await using var server = await TestServer.StartAsync();
        await using var app = await ClientApp.StartAsync();
        var page = await browser.NewPageAsync();
        await page.JoinAsync(app, server.Port, "alice");

        await page.Button("Close").ClickAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await app.Host.WaitForShutdownAsync(limit.Token);

        // Blazor notices the app is gone and marks its notice; the closed screen already says it all.
        await Expect(page.Locator("#components-reconnect-modal[class*=components-reconnect-]")).ToHaveCountAsync(1);
        var sentence = page.GetByText("Piazza has closed; you can close this window.");
        await Expect(sentence.Filter(new() { Visible = true })).ToHaveCountAsync(1);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Piazza has closed; you can close this window." })).ToBeVisibleAsync();
        await Screens.SaveAsync(page, "page-closed");
    }
}
