using Microsoft.Playwright;
using Piazza.Client.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Piazza.Client.Tests.EndToEnd;

/// <summary>
/// The real client app in real headless Chromium against a real server, both on 127.0.0.1;
/// every element is found by its role and accessible name.
/// </summary>
[Collection(SharedBrowser.Name)]
public sealed class ChatEndToEndTests(BrowserFixture browser)
{
    [Fact]
    public async Task Two_people_join_chat_both_ways_and_see_each_other_online()
    {
        await using var server = await TestServer.StartAsync();
        await using var app = await ClientApp.StartAsync();
        var alice = await browser.NewPageAsync();
        var bob = await browser.NewPageAsync();

        await alice.JoinAsync(app, server.Port, "alice");
        await bob.JoinAsync(app, server.Port, "bob");

        await Expect(alice.Log()).ToContainTextAsync("bob joined");
        await Expect(alice.Online().GetByRole(AriaRole.Listitem)).ToHaveCountAsync(2);
        await Expect(alice.Online()).ToContainTextAsync("bob");
        await Expect(bob.Online()).ToContainTextAsync("alice");

        await alice.SayAsync("Ciao bob! 👋 Shall we meet in the piazza at eight?");
        var fromAlice = bob.Log().Locator(".msg", new() { HasText = "Ciao bob!" });
        await Expect(fromAlice.Locator(".msg-from")).ToHaveTextAsync("alice");
        await Expect(fromAlice.Locator(".msg-text")).ToHaveTextAsync("Ciao bob! 👋 Shall we meet in the piazza at eight?");
        var mine = alice.Log().Locator(".msg.own", new() { HasText = "Ciao bob!" });
        await Expect(mine.Locator(".delivery-state")).ToHaveTextAsync("Sent");

        // Shift+Enter adds a line; Enter sends; the Send button sends too.
        const string Reply = "Ciao alice,\nsounds good! مرحبا and 你好 to everyone there.";
        var input = bob.Field("Message");
        await input.FillAsync("Ciao alice,");
        await input.PressAsync("Shift+Enter");
        await input.PressSequentiallyAsync("sounds good! مرحبا and 你好 to everyone there.");
        await Expect(input).ToHaveValueAsync(Reply);
        await bob.Button("Send").ClickAsync();
        await Expect(input).ToHaveValueAsync("");
        var fromBob = alice.Log().Locator(".msg", new() { HasText = "Ciao alice," });
        await Expect(fromBob.Locator(".msg-text")).ToHaveTextAsync(Reply);
        await Expect(fromBob.Locator(".msg-from")).ToHaveTextAsync("bob");
        await Expect(fromBob.Locator("time")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d\d:\d\d$"));

        await alice.SayAsync("Perfect, see you there 🎉");
        await Expect(bob.Log()).ToContainTextAsync("Perfect, see you there 🎉");
        await Expect(alice.Log().Locator(".msg.own .delivery-state")).ToHaveTextAsync(["Sent", "Sent"]);

        // The picture for the README: a plain conversation, the pointer out of the way.
        await alice.Mouse.MoveAsync(0, 0);
        var shot = await Screens.SaveAsync(alice, "chat-two-users");
        Screens.PublishToDocs(shot, "screenshot-chat.png");

        // Markup arrives as text.
        const string Markup = "<b>not bold</b> <script>document.title='x'</script>";
        await alice.SayAsync(Markup);
        var escaped = bob.Log().Locator(".msg", new() { HasText = "not bold" }).Locator(".msg-text");
        await Expect(escaped).ToHaveTextAsync(Markup);
        await Expect(escaped.Locator("b, script")).ToHaveCountAsync(0);
        Assert.NotEqual("x", await bob.TitleAsync());

        await alice.SayAsync("A long word wraps: " + new string('W', 300));
        var wrapped = bob.Log().Locator(".msg", new() { HasText = "A long word wraps" }).Locator(".msg-text");
        await Expect(wrapped).ToBeVisibleAsync();
        var box = await wrapped.BoundingBoxAsync();
        var logBox = await bob.Log().BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.NotNull(logBox);
        Assert.True(box.X + box.Width <= logBox.X + logBox.Width, "the long word overflows the log instead of wrapping");
        await Expect(bob.Log()).ToHaveJSPropertyAsync("scrollWidth", await bob.Log().EvaluateAsync<int>("el => el.clientWidth"));
        await Screens.SaveAsync(bob, "chat-long-word");
        await alice.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await Screens.SaveAsync(alice, "chat-two-users-dark");
        await alice.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });
        await alice.SetViewportSizeAsync(560, 720);
        await Expect(alice.Online()).ToBeVisibleAsync();
        await Screens.SaveAsync(alice, "chat-narrow");
        // A chat event the page failed to apply is logged, not shown: nothing may have been.
        Assert.Empty(app.Logs.Problems);
    }

    [Fact]
    public async Task Earlier_messages_replayed_on_joining_come_before_the_join_notice()
    {
        await using var server = await TestServer.StartAsync();
        await using (var bob = await server.JoinAsync("bob"))
        {
            await bob.SendAsync(new Piazza.Protocol.SayFrame("said before alice came", "r-1"));
            await bob.ExpectAsync<Piazza.Protocol.AckFrame>();
        }

        await using var app = await ClientApp.StartAsync();
        var alice = await browser.NewPageAsync();
        await alice.JoinAsync(app, server.Port, "alice");

        var entries = alice.Log().Locator(":scope > *");
        await Expect(entries.Filter(new() { HasText = "said before alice came" })).ToHaveCountAsync(1);
        var texts = await entries.AllTextContentsAsync();
        var earlier = texts.ToList().FindIndex(t => t.Contains("said before alice came", StringComparison.Ordinal));
        var joined = texts.ToList().FindIndex(t => t.Contains("You joined as alice", StringComparison.Ordinal));
        Assert.True(earlier >= 0 && joined > earlier, string.Join(" | ", texts));
        await Expect(entries.Filter(new() { HasText = "said before alice came" })).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\breplay\b"));
    }
}
