using System.Globalization;
using Microsoft.Playwright;
using Piazza.Client.Tests.Support;
using Piazza.Protocol;
using static Microsoft.Playwright.Assertions;

namespace Piazza.Client.Tests.EndToEnd;

/// <summary>
/// Every message shown exactly once, whatever happens to the connection, the server or the app:
/// what the page shows of each room is compared with what the server's SQLite store holds.
/// </summary>
[Collection(SharedBrowser.Name)]
public sealed class ExactlyOnceTests(BrowserFixture browser)
{
    [Fact]
    public async Task After_a_server_restart_and_the_app_closed_and_reopened_every_message_is_shown_exactly_once()
    {
        using var data = new TempDataDirectory();
        var server = await TestServer.StartAsync(data.Sqlite);
        var port = server.Port;
        var config = Directory.CreateTempSubdirectory("piazza-config-").FullName;
        RawClient? bob = null;
        try
        {
            await using (var app = await ClientApp.StartAsync(configDirectory: config))
            {
                var alice = await browser.NewPageAsync(width: 1040, height: 720);
                await alice.JoinAsync(app, port, "alice");
                bob = await server.EnterAsync("bob", "#piazza", "#dev");
                await alice.SayAsync("/join #dev");
                await Expect(alice.RoomHeading()).ToHaveTextAsync("#dev");

                await bob.SendAsync(new TopicFrame("#dev", "release friday"));
                await bob.ExpectAsync<TopicFrame>(t => t.Room == "#dev");
                await bob.SayInAsync("#dev", "one");
                await alice.SayAsync("two");
                await bob.SayInAsync("#piazza", "three");
                await Expect(alice.Message("one")).ToHaveCountAsync(1);
                await Expect(alice.Message("two").Locator(".delivery-state")).ToHaveTextAsync("Sent");
                await Expect(alice.RoomEntry("#piazza, 1 unread")).ToBeVisibleAsync();

                // The server stops in the middle of the conversation and comes back with its history.
                await server.DisposeAsync();
                await bob.DisposeAsync();
                await Expect(alice.Status()).ToContainTextAsync("Reconnecting");
                server = await TestServer.StartAsync(data.Sqlite, port: port);
                bob = await server.EnterAsync("bob", "#piazza", "#dev");
                await Expect(alice.Status()).ToContainTextAsync($"Connected as alice to 127.0.0.1:{port}", new() { Timeout = 45_000 });
                await Expect(alice.Log()).ToContainTextAsync("Reconnected as alice.");

                await bob.SayInAsync("#dev", "four");
                await alice.SayAsync("five");
                await bob.SayInAsync("@alice", "six");
                await Expect(alice.Message("four")).ToHaveCountAsync(1);
                await Expect(alice.Message("five").Locator(".delivery-state")).ToHaveTextAsync("Sent");
                await Expect(alice.RoomEntry("@bob, 1 unread")).ToBeVisibleAsync();
            }

            // The app is closed: what is said meanwhile waits on the server.
            await bob.SayInAsync("#dev", "seven");
            await bob.SayInAsync("#piazza", "eight");

            await using (var app = await ClientApp.StartAsync(configDirectory: config))
            {
                var alice = await browser.NewPageAsync(width: 1040, height: 720);
                await alice.OpenAsync(app);
                await Expect(alice.Field("Username")).ToHaveValueAsync("alice");
                await alice.Button("Connect").ClickAsync();

                // Back where she was: in #dev, with what she missed below the divider, and the
                // other rooms counting theirs (what was unread when the app closed still is).
                await Expect(alice.RoomHeading()).ToHaveTextAsync("#dev");
                await Expect(alice.RoomEntry("#dev")).ToHaveAttributeAsync("aria-current", "true");
                await Expect(alice.Message("seven")).ToHaveCountAsync(1);
                var order = await alice.Log().Locator(".unread-divider, .msg-text").AllTextContentsAsync();
                Assert.Equal(["New messages", "seven"], order.SkipWhile(t => t != "New messages"));
                await Expect(alice.RoomEntry("#piazza, 2 unread")).ToBeVisibleAsync();
                await Expect(alice.RoomEntry("@bob, 1 unread")).ToBeVisibleAsync();
                await Expect(alice).ToHaveTitleAsync("(1) Piazza");
                // All of it is in view: nothing below calls for the New messages button.
                await Expect(alice.Button("New messages")).ToHaveCountAsync(0);
                await Expect(alice.Locator(".room-header")).ToContainTextAsync("release friday");
                await Screens.PublishToDocsAsync(alice, "reopened-what-you-missed", "screenshot.png");

                // Every room, scrolled back to its beginning, shows exactly what the server stored.
                foreach (var (room, asBob) in new[] { ("#dev", "#dev"), ("#piazza", "#piazza"), ("@bob", "@alice") })
                {
                    await alice.OpenRoomAsync(room);
                    var shown = await AllMessagesAsync(alice, room);
                    var stored = await StoredMessagesAsync(bob!, asBob);
                    Assert.Equal(stored, shown);
                }

                await alice.OpenRoomAsync("#dev");
                Assert.Equal(["one", "two", "four", "five", "seven"], (await AllMessagesAsync(alice, "#dev")).Select(m => m.Text));
                Assert.Empty(app.Logs.Problems);
            }
        }
        finally
        {
            if (bob is not null)
            {
                await bob.DisposeAsync();
            }

            await server.DisposeAsync();
            Directory.Delete(config, recursive: true);
        }
    }

    [Fact]
    public async Task A_message_whose_ack_was_lost_and_one_typed_while_disconnected_each_arrive_exactly_once()
    {
        using var data = new TempDataDirectory();
        var server = await TestServer.StartAsync(data.Sqlite);
        var port = server.Port;
        await using var proxy = FaultProxy.Start(server.EndPoint);
        await using var app = await ClientApp.StartAsync();
        var bob = await server.EnterAsync("bob", "#piazza");
        try
        {
            var alice = await browser.NewPageAsync(width: 1040, height: 720);
            await alice.JoinAsync(app, proxy.Port, "alice");
            await Expect(alice.RoomHeading()).ToHaveTextAsync("#piazza");
            await Expect(alice.Online()).ToContainTextAsync("bob");

            // The server stores the message and answers, but the answer never arrives: the
            // connection breaks first. The message goes out again with its ref and is stored once.
            var link = Assert.Single(proxy.Connections);
            link.Stall(ProxyDirection.ServerToClient);
            await alice.SayAsync("the ack of this one is lost");
            Assert.Equal("the ack of this one is lost", (await bob.ExpectAsync<MessageFrame>(m => m.From == "alice")).Text);
            await Expect(alice.Message("the ack of this one is lost").Locator(".delivery-state")).ToHaveTextAsync("Sending…");
            link.Reset();
            await Expect(alice.Message("the ack of this one is lost").Locator(".delivery-state")).ToHaveTextAsync("Sent", new() { Timeout = 45_000 });

            // Typed while the server is down: it waits, then goes out by itself, once.
            await server.DisposeAsync();
            await bob.DisposeAsync();
            await Expect(alice.Status()).ToContainTextAsync("Reconnecting");
            await alice.SayAsync("typed while the server was down");
            var waiting = alice.Message("typed while the server was down");
            await Expect(waiting.Locator(".delivery-state")).ToHaveTextAsync("Waiting to send");
            await Screens.SaveAsync(alice, "chat-waiting-to-send");
            server = await TestServer.StartAsync(data.Sqlite, port: port);
            bob = await server.EnterAsync("bob", "#piazza");
            await Expect(waiting.Locator(".delivery-state")).ToHaveTextAsync("Sent", new() { Timeout = 45_000 });
            Assert.Equal("typed while the server was down", (await bob.ExpectAsync<MessageFrame>(m => m.From == "alice")).Text);

            var stored = await StoredMessagesAsync(bob, "#piazza");
            Assert.Equal(["the ack of this one is lost", "typed while the server was down"], stored.Select(m => m.Text));
            Assert.Equal(stored, await AllMessagesAsync(alice, "#piazza"));
            Assert.Empty(app.Logs.Problems);
        }
        finally
        {
            await bob.DisposeAsync();
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_refused_message_offers_Retry_and_goes_out_once_with_it()
    {
        using var data = new TempDataDirectory();
        await using var server = await TestServer.StartAsync(data.Sqlite);
        await using var app = await ClientApp.StartAsync();
        var alice = await browser.NewPageAsync(width: 1040, height: 720);
        await alice.JoinAsync(app, server.Port, "alice");
        await Expect(alice.RoomHeading()).ToHaveTextAsync("#piazza");

        // carol is not there yet: the server refuses, and the message says why.
        await alice.SayAsync("/msg carol are you in?");
        await Expect(alice.RoomHeading()).ToHaveTextAsync("@carol");
        var message = alice.Message("are you in?");
        await Expect(message.Locator(".delivery-state")).ToHaveTextAsync("Not sent: There is nobody called 'carol' who can receive direct messages right now.");
        await Screens.SaveAsync(alice, "chat-not-sent");

        await using var carol = await server.EnterAsync("carol");
        await message.GetByRole(AriaRole.Button, new() { Name = "Retry", Exact = true }).ClickAsync();

        await Expect(message.Locator(".delivery-state")).ToHaveTextAsync("Sent");
        Assert.Equal("are you in?", (await carol.ExpectAsync<MessageFrame>(m => m.From == "alice")).Text);
        Assert.Equal(["are you in?"], (await StoredMessagesAsync(carol, "@alice")).Select(m => m.Text));
        await Expect(alice.Message("are you in?")).ToHaveCountAsync(1);
        Assert.Empty(app.Logs.Problems);
    }

    /// <summary>The messages of the room on screen, scrolled back to its beginning: (id, text) in order.</summary>
    private static async Task<IReadOnlyList<(long Id, string Text)>> AllMessagesAsync(IPage page, string room)
    {
        await Expect(page.RoomHeading()).ToHaveTextAsync(room);
        // Each look goes back to the top, which loads what came before, until the beginning shows.
        await page.WaitForFunctionAsync(
            """
            room => {
              const log = document.querySelector("[role=log]");
              log.scrollTop = 0;
              return [...log.querySelectorAll(".log-beginning")].some(e => e.textContent === `This is the beginning of ${room}.`);
            }
            """, room, new() { PollingInterval = 100 });
        var messages = page.Log().Locator(".msg");
        var ids = await messages.EvaluateAllAsync<string?[]>("all => all.map(m => m.dataset.id ?? null)");
        var texts = await messages.Locator(".msg-text").AllTextContentsAsync();
        Assert.All(ids, id => Assert.NotNull(id));
        return [.. ids.Zip(texts, (id, text) => (long.Parse(id!, CultureInfo.InvariantCulture), text))];
    }

    /// <summary>What the server stored of a room, read by a member: (id, text) of its messages, oldest first.</summary>
    private static async Task<IReadOnlyList<(long Id, string Text)>> StoredMessagesAsync(RawClient member, string room)
    {
        var (events, _) = await member.PageBackAsync(room, before: null, limit: 200);
        return [.. events.OfType<MessageFrame>().Select(m => (m.Id, m.Text))];
    }
}
