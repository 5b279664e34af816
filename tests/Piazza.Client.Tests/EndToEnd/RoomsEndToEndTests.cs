using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Piazza.Client.Tests.Support;
using Piazza.Protocol;
using static Microsoft.Playwright.Assertions;

namespace Piazza.Client.Tests.EndToEnd;

/// <summary>
/// Rooms and direct conversations in the real app and real Chromium, against the real server with
/// its SQLite store in a fresh data directory: two people, two rooms and a conversation between them.
/// </summary>
[Collection(SharedBrowser.Name)]
public sealed class RoomsEndToEndTests(BrowserFixture browser)
{
    [Fact]
    public async Task Two_people_in_two_rooms_and_a_direct_conversation()
    {
        using var data = new TempDataDirectory();
        await using var server = await TestServer.StartAsync(data.Sqlite);
        await using var app = await ClientApp.StartAsync();
        var alice = await browser.NewPageAsync(width: 1040, height: 720);
        var bob = await browser.NewPageAsync(width: 1040, height: 720);
        await alice.JoinAsync(app, server.Port, "alice");
        await bob.JoinAsync(app, server.Port, "bob");

        // Both start in the server's default room, marked as the room on screen.
        await Expect(alice.RoomHeading()).ToHaveTextAsync("#piazza");
        await Expect(alice.RoomEntry("#piazza")).ToHaveAttributeAsync("aria-current", "true");

        // alice creates #dev with the dialog; its name is checked as she types.
        await alice.Button("Join a room").ClickAsync();
        var dialog = alice.GetByRole(AriaRole.Dialog, new() { Name = "Join a room" });
        var name = dialog.GetByLabel("Room name", new() { Exact = true });
        await Expect(name).ToBeFocusedAsync();
        await name.FillAsync("dev");
        await Expect(name).ToHaveAccessibleDescriptionAsync(RoomNameRules.Validate("dev").Message!);
        await Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "Join", Exact = true })).ToHaveAttributeAsync("aria-disabled", "true");
        await name.FillAsync("#dev ops");
        await Expect(name).ToHaveAccessibleDescriptionAsync(RoomNameRules.Validate("#dev ops").Message!);
        await name.FillAsync("#dev");
        await Expect(name).ToHaveAccessibleDescriptionAsync(RoomNameRules.Rule);
        await Screens.PublishToDocsAsync(alice, "join-a-room", "screenshot-join.png");
        await alice.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await Screens.SaveAsync(alice, "join-a-room-dark");
        await alice.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Join", Exact = true }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        await Expect(alice.RoomHeading()).ToHaveTextAsync("#dev");
        await Expect(alice.RoomEntry("#dev")).ToHaveAttributeAsync("aria-current", "true");
        await Expect(alice.RoomEntry("#piazza")).Not.ToHaveAttributeAsync("aria-current", "true");

        // bob joins it with a command, and sets its topic with another; both see it by the name.
        await bob.SayAsync("/join #dev");
        await Expect(bob.RoomHeading()).ToHaveTextAsync("#dev");
        await Expect(alice.Log()).ToContainTextAsync("bob joined");
        await Expect(alice.Online().GetByRole(AriaRole.Listitem)).ToHaveCountAsync(2);
        await bob.SayAsync("/topic release friday");
        await Expect(alice.Locator(".room-header")).ToContainTextAsync("release friday");
        await Expect(alice.Log()).ToContainTextAsync("bob set the topic: release friday");

        await alice.SayAsync("build is green");
        await Expect(bob.Message("build is green")).ToHaveCountAsync(1);
        await bob.SayAsync("shipping it");
        await Expect(alice.Message("shipping it")).ToHaveCountAsync(1);

        // Each room has its own log: what is said in #piazza is not in #dev.
        await bob.OpenRoomAsync("#piazza");
        await alice.OpenRoomAsync("#piazza");
        await alice.SayAsync("lunch?");
        await Expect(bob.Message("lunch?")).ToHaveCountAsync(1);
        await Expect(bob.Log()).Not.ToContainTextAsync("build is green");

        // bob opens the conversation with alice from the Online list and writes to her.
        await bob.Online().GetByRole(AriaRole.Button, new() { Name = "alice", Exact = true }).ClickAsync();
        await Expect(bob.RoomHeading()).ToHaveTextAsync("@alice");
        await Expect(bob.RoomEntry("@alice")).ToHaveAttributeAsync("aria-current", "true");
        await bob.SayAsync("psst: cake in the kitchen");
        await Expect(bob.Message("psst: cake in the kitchen").Locator(".delivery-state")).ToHaveTextAsync("Sent");

        // It reaches alice as a conversation with bob, unread while she is in #piazza.
        await Expect(alice.RoomEntry("@bob, 1 unread")).ToBeVisibleAsync();
        await alice.Mouse.MoveAsync(0, 0);
        await Screens.SaveAsync(alice, "rooms-and-conversations");
        await alice.OpenRoomAsync("@bob");
        await Expect(alice.Message("psst: cake in the kitchen")).ToHaveCountAsync(1);
        await Expect(alice.RoomEntry("@bob")).ToHaveAttributeAsync("aria-current", "true");

        // /msg writes to someone from anywhere, in the conversation with them.
        await alice.OpenRoomAsync("#dev");
        await alice.SayAsync("/msg bob on my way");
        await Expect(alice.RoomHeading()).ToHaveTextAsync("@bob");
        await Expect(alice.Message("on my way")).ToHaveCountAsync(1);
        await Expect(bob.Message("on my way")).ToHaveCountAsync(1);

        // /who and /help answer in the log; an unknown command says so and sends nothing.
        await alice.OpenRoomAsync("#dev");
        await alice.SayAsync("/who");
        await Expect(alice.Log()).ToContainTextAsync("In #dev (2): alice, bob.");
        await alice.SayAsync("/help");
        foreach (var (usage, _) in Piazza.Client.Session.SlashCommand.Help)
        {
            await Expect(alice.Log().Locator(".notice-info").Last).ToContainTextAsync(usage);
        }

        await Screens.SaveAsync(alice, "commands-help");
        await alice.SayAsync("/shrug");
        await Expect(alice.Field("Message")).ToHaveAccessibleDescriptionAsync(new Regex(@"^Unknown command /shrug;"));
        await Expect(alice.Field("Message")).ToHaveValueAsync("/shrug");
        await alice.Field("Message").FillAsync("//shrug");
        await alice.Field("Message").PressAsync("Enter");
        await Expect(bob.Log()).Not.ToContainTextAsync("shrug");
        await bob.OpenRoomAsync("#dev");
        await Expect(bob.Message("/shrug")).ToHaveCountAsync(1);
        await Expect(bob.Log().Locator(".msg-text", new() { HasText = "shrug" })).ToHaveCountAsync(1);

        // Leave room: alice is gone from #dev, for bob too, and her screen moves to another room.
        await alice.Button("Leave room").ClickAsync();
        await Expect(alice.RoomEntryOf("#dev")).ToHaveCountAsync(0);
        await Expect(alice.RoomHeading()).Not.ToHaveTextAsync("#dev");
        await Expect(bob.Log()).ToContainTextAsync("alice left the room");
        await Expect(bob.Online().GetByRole(AriaRole.Listitem)).ToHaveCountAsync(1);

        await bob.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await Screens.PublishToDocsAsync(bob, "rooms-and-conversations-dark", "screenshot-dark.png");
        await bob.SetViewportSizeAsync(420, 760);
        await Expect(bob.Rooms()).ToBeVisibleAsync();
        await Screens.SaveAsync(bob, "rooms-narrow-dark");
        await bob.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });
        await Screens.PublishToDocsAsync(bob, "rooms-narrow", "screenshot-narrow.png");
        Assert.Empty(app.Logs.Problems);
    }

    [Fact]
    public async Task Unread_counts_and_aria_current_follow_as_she_switches_rooms()
    {
        using var data = new TempDataDirectory();
        await using var server = await TestServer.StartAsync(data.Sqlite);
        await using var app = await ClientApp.StartAsync();
        await using var bob = await server.EnterAsync("bob", "#piazza", "#dev");
        var alice = await browser.NewPageAsync(width: 1040, height: 720);
        await alice.JoinAsync(app, server.Port, "alice");
        await alice.SayAsync("/join #dev");
        await Expect(alice.RoomHeading()).ToHaveTextAsync("#dev");
        // At once, while #dev's log is still being set up in the browser: the page takes it in its stride.
        await alice.OpenRoomAsync("#piazza");

        await bob.SayInAsync("#dev", "first news");
        await Expect(alice.RoomEntry("#dev, 1 unread")).ToBeVisibleAsync();
        await bob.SayInAsync("#dev", "second news");
        await bob.SayInAsync("#dev", "alice, can you look at the build?");
        var dev = alice.RoomEntry("#dev, 3 unread, mentioned");
        await Expect(dev).ToBeVisibleAsync();
        await Expect(dev).ToHaveClassAsync(new Regex(@"\bunread\b"));
        await Expect(dev.Locator(".badge")).ToHaveTextAsync("3");
        await Expect(alice.RoomEntry("#piazza")).ToHaveAttributeAsync("aria-current", "true");
        await Expect(alice.RoomEntry("#piazza").Locator(".badge")).ToHaveCountAsync(0);
        await Screens.SaveAsync(alice, "rooms-unread");
        await alice.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await Screens.SaveAsync(alice, "rooms-unread-dark");
        await alice.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });

        // Opening #dev: read, current, and the divider sits above the first news.
        await dev.ClickAsync();
        await Expect(alice.RoomEntry("#dev")).ToHaveAttributeAsync("aria-current", "true");
        await Expect(alice.RoomEntry("#piazza")).Not.ToHaveAttributeAsync("aria-current", "true");
        var divider = alice.Log().GetByRole(AriaRole.Separator, new() { Name = "New messages", Exact = true });
        await Expect(divider).ToHaveCountAsync(1);
        var order = await alice.Log().Locator(".unread-divider, .msg-text").AllTextContentsAsync();
        Assert.Equal(["New messages", "first news", "second news", "alice, can you look at the build?"], order.SkipWhile(t => t != "New messages"));
        await Expect(alice.Message("alice, can you look at the build?")).ToHaveClassAsync(new Regex(@"\bmention\b"));
        await Expect(alice.Message("first news")).Not.ToHaveClassAsync(new Regex(@"\bmention\b"));
        await Screens.SaveAsync(alice, "new-messages-divider");

        // News in the room on screen is read at once; news elsewhere counts there.
        await bob.SayInAsync("#dev", "while you look");
        await Expect(alice.Message("while you look")).ToHaveCountAsync(1);
        await Expect(alice.RoomEntry("#dev")).ToBeVisibleAsync();
        await bob.SayInAsync("#piazza", "over here");
        await Expect(alice.RoomEntry("#piazza, 1 unread")).ToBeVisibleAsync();

        // Back to #piazza and to #dev again: the old divider is gone, nothing was new meanwhile.
        await alice.RoomEntry("#piazza, 1 unread").ClickAsync();
        await Expect(alice.RoomEntry("#piazza")).ToHaveAttributeAsync("aria-current", "true");
        await Expect(alice.RoomEntry("#dev")).Not.ToHaveAttributeAsync("aria-current", "true");
        await Expect(divider).ToHaveCountAsync(1);
        await alice.OpenRoomAsync("#dev");
        await Expect(divider).ToHaveCountAsync(0);
        Assert.Empty(app.Logs.Problems);
    }
}
