using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Piazza.Client.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Piazza.Client.Tests.EndToEnd;

/// <summary>Scrolling back through a room's history in real Chromium, against the real server's SQLite store.</summary>
[Collection(SharedBrowser.Name)]
public sealed partial class ScrollbackTests(BrowserFixture browser)
{
    [Fact]
    public async Task Scrolling_up_through_1000_messages_reaches_the_beginning_with_no_gap_or_duplicate()
    {
        using var data = new TempDataDirectory();
        await using var server = await TestServer.StartAsync(o => data.Sqlite(o) with { RateBurst = 100_000, RatePerSecond = 100_000 });
        await using (var bob = await server.EnterAsync("bob", "#dev"))
        {
            await Seed.SayAllAsync(bob, "#dev", Seed.Numbered(1000));
        }

        await using var app = await ClientApp.StartAsync();
        var page = await browser.NewPageAsync(width: 1040, height: 720);
        await page.JoinAsync(app, server.Port, "alice");
        await page.SayAsync("/join #dev");
        await Expect(page.RoomHeading()).ToHaveTextAsync("#dev");
        // Joining shows the recent history, the newest last.
        await Expect(page.Message("message 1000")).ToHaveCountAsync(1);

        var seen = new SortedSet<int>();
        var steps = 0;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var shown = await ShownAsync(page);
            seen.UnionWith(shown);
            if (shown[0] == 1 && await page.GetByText("This is the beginning of #dev.").IsVisibleAsync())
            {
                break;
            }

            // Up to the top: older messages come in above (a "Loading…" while they are fetched).
            await page.Log().EvaluateAsync("el => el.scrollTop = 0");
            await page.WaitForFunctionAsync(
                "first => { const m = document.querySelector('[role=log] .msg .msg-text'); return m && m.textContent !== first; }",
                $"message {shown[0]:D4}");
            Assert.True(++steps < 200, "scrolling up never reached the beginning");
        }

        clock.Stop();
        Xunit.TestContext.Current.SendDiagnosticMessage($"Scrolled back through 1000 messages to the beginning in {steps} steps, {clock.Elapsed.TotalSeconds:0.0} s");
        await Screens.SaveAsync(page, "scrollback-beginning");

        // And down again to the end: every message once, in order, window after window.
        while (true)
        {
            var shown = await ShownAsync(page);
            seen.UnionWith(shown);
            if (shown[^1] == 1000)
            {
                break;
            }

            await page.Log().EvaluateAsync("el => el.scrollTop = el.scrollHeight");
            await page.WaitForFunctionAsync(
                "last => { const m = [...document.querySelectorAll('[role=log] .msg .msg-text')].pop(); return m && m.textContent !== last; }",
                $"message {shown[^1]:D4}");
            Assert.True(++steps < 400, "scrolling down never reached the end");
        }

        Assert.Equal(Enumerable.Range(1, 1000), seen);
        Assert.Empty(app.Logs.Problems);
    }

    /// <summary>The numbers of the messages rendered now, checked to run on from one another with no gap or repeat.</summary>
    private static async Task<IReadOnlyList<int>> ShownAsync(IPage page)
    {
        var texts = await page.Log().Locator(".msg .msg-text").AllTextContentsAsync();
        var numbers = texts.Select(t => Number().Match(t)).Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.NotEmpty(numbers);
        for (var i = 1; i < numbers.Count; i++)
        {
            Assert.True(numbers[i] == numbers[i - 1] + 1, $"after message {numbers[i - 1]} came message {numbers[i]}");
        }

        Assert.True(numbers.Count <= Piazza.Client.Components.Chat.MessageList.MaxWindow, $"{numbers.Count} messages rendered at once");
        return numbers;
    }

    [GeneratedRegex(@"^message (\d{4})$")]
    private static partial Regex Number();
}
