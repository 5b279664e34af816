using Microsoft.Playwright;
using Piazza.Client.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Piazza.Client.Tests.EndToEnd;

/// <summary>
/// The real client app in real headless Chromium against a real server, both on 127.0.0.1;
/// every element is found by its role and accessible name.
/// </summary>
public sealed class ChatEndToEndTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
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

        await alice.SayAsync("Ciao bob! 👋 <b>not bold</b>");
        var fromAlice = bob.Log().Locator(".msg", new() { HasText = "Ciao bob!" });
        await Expect(fromAlice.Locator(".msg-from")).ToHaveTextAsync("alice");
        await Expect(fromAlice.Locator(".msg-text")).ToHaveTextAsync("Ciao bob! 👋 <b>not bold</b>");
        await Expect(fromAlice.Locator("b")).ToHaveCountAsync(0);
        var mine = alice.Log().Locator(".msg.own", new() { HasText = "Ciao bob!" });
        await Expect(mine.Locator(".delivery-state")).ToHaveTextAsync("Sent");

        // Shift+Enter adds a line; Enter sends; the Send button sends too.
        var box = bob.Field("Message");
        await box.FillAsync("Ciao alice,");
        await box.PressAsync("Shift+Enter");
        await box.PressSequentiallyAsync("come va? مرحبا 你好");
        await Expect(box).ToHaveValueAsync("Ciao alice,\ncome va? مرحبا 你好");
        await bob.Button("Send").ClickAsync();
        await Expect(box).ToHaveValueAsync("");
        var fromBob = alice.Log().Locator(".msg", new() { HasText = "Ciao alice," });
        await Expect(fromBob.Locator(".msg-text")).ToHaveTextAsync("Ciao alice,\ncome va? مرحبا 你好");
        await Expect(fromBob.Locator(".msg-from")).ToHaveTextAsync("bob");
        await Expect(fromBob.Locator("time")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d\d:\d\d$"));

        await alice.SayAsync("A long word wraps: " + new string('W', 300));
        await Expect(bob.Log()).ToContainTextAsync("A long word wraps");
        await bob.SayAsync("Looks great 🎉");
        await Expect(alice.Log()).ToContainTextAsync("Looks great 🎉");

        var shot = await Screens.SaveAsync(alice, "chat-two-users");
        File.Copy(shot, Path.Combine(RepositoryPaths.Root, "docs", "screenshot.png"), overwrite: true);
        await alice.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await Screens.SaveAsync(alice, "chat-two-users-dark");
    }
}
