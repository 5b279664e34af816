using System.Diagnostics;
using Microsoft.Playwright;
using Piazza.Client.Components.Chat;
using Piazza.Client.Tests.Support;
using Piazza.Protocol;
using static Microsoft.Playwright.Assertions;

namespace Piazza.Client.Tests.EndToEnd;

/// <summary>
/// Long rooms and busy rooms in real Chromium: only what is visible is rendered, and the page's
/// memory stays bounded. The figures go to the test log and TestResults/gui-figures.txt.
/// </summary>
[Collection(SharedBrowser.Name)]
public sealed class PerformanceTests(BrowserFixture browser, ITestOutputHelper output)
{
    [Fact]
    public async Task A_room_of_10000_messages_renders_only_what_is_visible_all_the_way_back_to_its_beginning()
    {
        using var data = new TempDataDirectory();
        await using var server = await TestServer.StartAsync(o => data.Sqlite(o) with
        {
            RateBurst = 100_000, RatePerSecond = 100_000, Sync = Piazza.Store.SyncMode.Normal,
        });
        await using (var bob = await server.EnterAsync("bob", "#big"))
        {
            await Seed.SayAllAsync(bob, "#big", Seed.Numbered(10_000));
        }

        await using var app = await ClientApp.StartAsync();
        var page = await browser.NewPageAsync(width: 1040, height: 720);
        var memory = await PageMemory.AttachAsync(page);
        await page.JoinAsync(app, server.Port, "alice");
        await page.SayAsync("/join #big");
        await Expect(page.Message("message 9999")).ToHaveCountAsync(1);

        var steps = new List<double>();
        var mostMessages = 0;
        var mostElements = 0;
        var clock = Stopwatch.StartNew();
        while (!await page.GetByText("This is the beginning of #big.").IsVisibleAsync())
        {
            var first = await page.Log().Locator(".msg .msg-text").First.TextContentAsync();
            var step = Stopwatch.StartNew();
            await page.Log().EvaluateAsync("el => el.scrollTop = 0");
            try
            {
                await page.WaitForFunctionAsync(
                    "first => { const m = document.querySelector('[role=log] .msg .msg-text'); return m && m.textContent !== first; }", first);
            }
            catch (TimeoutException)
            {
                var state = await page.Log().EvaluateAsync<string>(
                    "el => `scrollTop ${el.scrollTop} of ${el.scrollHeight}, busy ${el.getAttribute('aria-busy')}, first ${el.firstElementChild?.className}: ${el.firstElementChild?.textContent}`");
                Assert.Fail($"Scrolling up from {first} showed nothing older ({state}); the app logged:\n{string.Join('\n', app.Logs.Entries)}");
            }

            steps.Add(step.Elapsed.TotalMilliseconds);
            // What is rendered runs on with no gap or repeat, whatever the window holds.
            var numbers = (await page.Log().Locator(".msg .msg-text").AllTextContentsAsync())
                .Select(t => int.Parse(t["message ".Length..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(Enumerable.Range(numbers[0], numbers.Count), numbers);
            mostMessages = Math.Max(mostMessages, await memory.MessagesAsync());
            mostElements = Math.Max(mostElements, await memory.ElementsAsync());
            Assert.True(mostMessages <= MessageList.MaxWindow, $"{mostMessages} messages rendered at once");
            Assert.True(steps.Count < 1000, "scrolling up never reached the beginning");
        }

        clock.Stop();
        await Expect(page.Log().Locator(".msg .msg-text").First).ToHaveTextAsync("message 0001");
        var heap = await memory.HeapAsync();
        Figures.Report(output, "10,000 messages", $"scrolled back to the beginning in {steps.Count} steps, {clock.Elapsed.TotalSeconds:0.0} s; " +
            $"a step (scroll to the top until older messages show) median {Figures.Ms(Figures.Median(steps))}, slowest {Figures.Ms(steps.Max())}; " +
            $"at most {mostMessages} messages and {mostElements} elements in the page; JS heap at the beginning {Figures.Mib(heap)}");
        await Screens.SaveAsync(page, "scrollback-10000-beginning");
        Assert.Empty(app.Logs.Problems);
    }

    [Fact]
    public async Task A_room_receiving_100_messages_a_second_for_a_minute_keeps_the_page_memory_bounded()
    {
        var seconds = int.TryParse(Environment.GetEnvironmentVariable("PIAZZA_BUSY_SECONDS"), out var s) && s > 0 ? s : 60;
        const int PerSecond = 100;
        using var data = new TempDataDirectory();
        await using var server = await TestServer.StartAsync(o => data.Sqlite(o) with
        {
            RateBurst = 100_000, RatePerSecond = 100_000, Sync = Piazza.Store.SyncMode.Normal,
        });
        await using var app = await ClientApp.StartAsync();
        var page = await browser.NewPageAsync(width: 1040, height: 720);
        var memory = await PageMemory.AttachAsync(page);
        await page.JoinAsync(app, server.Port, "alice");
        await Expect(page.RoomHeading()).ToHaveTextAsync("#piazza");
        await using var bob = await server.EnterAsync("bob", "#piazza");
        bob.KeepReceived = false;
        using var stop = new CancellationTokenSource();
        var acks = DrainAsync(bob, stop.Token);

        // 100 a second, ten every tenth of a second, for the whole time; a sample of the page every ten seconds.
        var samples = new List<(int Second, double Heap, int Elements, int Messages)>
        {
            (0, await memory.HeapAsync(), await memory.ElementsAsync(), await memory.MessagesAsync()),
        };
        var sent = 0;
        var clock = Stopwatch.StartNew();
        using (var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(100)))
        {
            while (sent < seconds * PerSecond && await tick.WaitForNextTickAsync(Xunit.TestContext.Current.CancellationToken))
            {
                var due = Math.Min(seconds * PerSecond, (int)(clock.Elapsed.TotalSeconds * PerSecond) + (PerSecond / 10));
                for (; sent < due; sent++)
                {
                    await bob.SendAsync(new SayFrame($"busy {sent + 1:D5} " + new string('x', 40), null, "#piazza"));
                }

                var second = sent / PerSecond;
                if (second >= samples[^1].Second + 10)
                {
                    samples.Add((second - (second % 10), await memory.HeapAsync(), await memory.ElementsAsync(), await memory.MessagesAsync()));
                }
            }
        }

        var sending = clock.Elapsed;
        // The page keeps up: the last one shows, at the end of the log, followed there.
        await Expect(page.Log().Locator(".msg .msg-text").Last).ToHaveTextAsync($"busy {sent:D5} " + new string('x', 40), new() { Timeout = 60_000 });
        var caughtUp = clock.Elapsed;
        samples.Add((seconds + 1, await memory.HeapAsync(), await memory.ElementsAsync(), await memory.MessagesAsync()));
        await stop.CancelAsync();
        await acks;
        await Screens.SaveAsync(page, "busy-room");

        foreach (var sample in samples)
        {
            Assert.True(sample.Messages <= MessageList.MaxWindow, $"{sample.Messages} messages rendered at {sample.Second} s");
        }

        // Bounded: after the first ten seconds (the window filled) the heap does not keep growing with the messages.
        var settled = samples.Where(x => x.Second >= 10).ToList();
        var growth = settled.Max(x => x.Heap) - settled.Min(x => x.Heap);
        Figures.Report(output, "busy room", $"{sent} messages in {sending.TotalSeconds:0.0} s ({sent / sending.TotalSeconds:0} a second), " +
            $"the last shown {(caughtUp - sending).TotalSeconds:0.0} s after it was sent; JS heap " +
            string.Join(", ", samples.Select(x => $"{x.Second} s {Figures.Mib(x.Heap)}")) +
            $"; growth after 10 s {Figures.Mib(growth)}; elements {string.Join("/", samples.Select(x => x.Elements))}; " +
            $"messages rendered {string.Join("/", samples.Select(x => x.Messages))}");
        Assert.True(growth < 8 * 1048576, $"the page's heap grew by {Figures.Mib(growth)} after the first ten seconds");
        Assert.Empty(app.Logs.Problems);
    }

    /// <summary>Reads the acks so the sender's queue on the server never fills.</summary>
    private static async Task DrainAsync(RawClient client, CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await client.ReceiveAsync(TimeSpan.FromMinutes(5)).WaitAsync(ct);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
