using System.Text.Json;
using Microsoft.Playwright;
using Piazza.Client.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Piazza.Client.Tests.EndToEnd;

/// <summary>
/// Mentions and direct messages while you are elsewhere: a desktop notification (observed by
/// wrapping the browser's Notification, with the permission granted) and the (N) in the title.
/// </summary>
[Collection(SharedBrowser.Name)]
public sealed class NotificationTests(BrowserFixture browser)
{
    /// <summary>Records every notification the page creates in window.__notes, and every permission request in window.__asked.</summary>
    private const string Recorder = """
        window.__notes = [];
        window.__asked = 0;
        const Real = window.Notification;
        function Recording(title, options) {
          window.__notes.push({ title, body: options && options.body, tag: options && options.tag });
          return new Real(title, options);
        }
        Object.defineProperty(Recording, "permission", { get: () => Real.permission });
        Recording.requestPermission = () => { window.__asked++; return Real.requestPermission(); };
        window.Notification = Recording;
        """;

    private async Task<IPage> NewRecordingPageAsync(bool granted)
    {
        var page = await browser.NewPageAsync(width: 1040, height: 720);
        if (granted)
        {
            await page.Context.GrantPermissionsAsync(["notifications"]);
        }

        await page.Context.AddInitScriptAsync(Recorder);
        return page;
    }

    private static async Task<IReadOnlyList<(string Title, string Body)>> NotesAsync(IPage page) =>
        [.. (await page.EvaluateAsync<JsonElement>("() => window.__notes")).EnumerateArray()
            .Select(n => (n.GetProperty("title").GetString()!, n.GetProperty("body").GetString()!))];

    private static async Task NotesCountAsync(IPage page, int count) =>
        await page.WaitForFunctionAsync($"() => window.__notes.length === {count}");

    [Fact]
    public async Task A_mention_or_a_direct_message_elsewhere_raises_a_notification_and_the_title_counts_them()
    {
        using var data = new TempDataDirectory();
        await using var server = await TestServer.StartAsync(data.Sqlite);
        await using var app = await ClientApp.StartAsync();
        await using var bob = await server.EnterAsync("bob", "#piazza", "#dev");
        var alice = await NewRecordingPageAsync(granted: true);
        await alice.JoinAsync(app, server.Port, "alice");
        await alice.SayAsync("/join #dev");
        await Expect(alice.RoomHeading()).ToHaveTextAsync("#dev");
        await alice.OpenRoomAsync("#piazza");
        await Expect(alice).ToHaveTitleAsync("alice — Piazza");

        // A message that does not name her, elsewhere: unread, but no notification.
        await bob.SayInAsync("#dev", "the build is slow today");
        await Expect(alice.RoomEntry("#dev, 1 unread")).ToBeVisibleAsync();

        // One that names her: a notification, and the title counts it.
        await bob.SayInAsync("#dev", "Alice: can you look?");
        await NotesCountAsync(alice, 1);
        await Expect(alice).ToHaveTitleAsync("(1) Piazza");

        // A direct message: another.
        await bob.SayInAsync("@alice", "lunch at one?");
        await NotesCountAsync(alice, 2);
        await Expect(alice).ToHaveTitleAsync("(2) Piazza");
        Assert.Equal([("bob in #dev", "Alice: can you look?"), ("bob", "lunch at one?")], await NotesAsync(alice));
        await Expect(alice.RoomEntry("@bob, 1 unread")).ToBeVisibleAsync();
        await Screens.SaveAsync(alice, "notifications-unread");

        // Reading them brings the count down.
        await alice.OpenRoomAsync("#dev");
        await Expect(alice).ToHaveTitleAsync("(1) Piazza");
        await alice.OpenRoomAsync("@bob");
        await Expect(alice).ToHaveTitleAsync("alice — Piazza");

        // In the room on screen, but the window has not the focus: still a notification; the focus back reads it.
        await alice.EvaluateAsync("() => window.dispatchEvent(new Event('blur'))");
        // The app is told over the page's connection; the message comes over the server's: wait until it knows.
        await alice.WaitForFunctionAsync("() => document.documentElement.dataset.attention === 'away'");
        await bob.SayInAsync("@alice", "still there?");
        await NotesCountAsync(alice, 3);
        await Expect(alice).ToHaveTitleAsync("(1) Piazza");
        await alice.EvaluateAsync("() => window.dispatchEvent(new Event('focus'))");
        await Expect(alice).ToHaveTitleAsync("alice — Piazza");

        // Turned off: nothing, while the title still counts.
        var notifications = alice.GetByRole(AriaRole.Switch, new() { Name = "Desktop notifications" });
        await notifications.UncheckAsync();
        await alice.OpenRoomAsync("#piazza");
        await bob.SayInAsync("@alice", "quiet one");
        await Expect(alice).ToHaveTitleAsync("(1) Piazza");
        await notifications.CheckAsync();
        await bob.SayInAsync("@alice", "loud one");
        await Expect(alice).ToHaveTitleAsync("(2) Piazza");
        await NotesCountAsync(alice, 4);
        Assert.Equal(("bob", "loud one"), (await NotesAsync(alice))[3]);
        var saved = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(app.ConfigDirectory, "settings.json"), Xunit.TestContext.Current.CancellationToken));
        Assert.True(saved.RootElement.GetProperty("notifications").GetBoolean());
        Assert.Empty(app.Logs.Problems);
    }

    [Fact]
    public async Task The_permission_is_asked_once_and_never_again_by_itself()
    {
        await using var server = await TestServer.StartAsync();
        await using var app = await ClientApp.StartAsync();
        var first = await NewRecordingPageAsync(granted: false);
        await first.JoinAsync(app, server.Port, "alice");
        await first.WaitForFunctionAsync("() => window.__asked === 1");
        await first.Context.CloseAsync();

        // The app remembers that it asked: another page (or another run) does not ask again.
        await Eventually.TrueAsync(() => File.ReadAllText(Path.Combine(app.ConfigDirectory, "settings.json")).Contains("\"notificationsAsked\": true", StringComparison.Ordinal),
            what: "the question remembered");
        var second = await NewRecordingPageAsync(granted: false);
        await second.JoinAsync(app, server.Port, "bob");
        await Expect(second.RoomHeading()).ToHaveTextAsync("#piazza");
        await second.SayAsync("/who");
        await Expect(second.Log()).ToContainTextAsync("In #piazza");
        Assert.Equal(0, await second.EvaluateAsync<int>("() => window.__asked"));
        Assert.Empty(app.Logs.Problems);
    }
}
