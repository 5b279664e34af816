using Microsoft.Playwright;
using Piazza.Client.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Piazza.Client.Tests.EndToEnd;

/// <summary>An operator's member menu, and what the person acted on and a third person see, in real Chromium against the real server.</summary>
[Collection(SharedBrowser.Name)]
public sealed class ModerationEndToEndTests(BrowserFixture browser)
{
    [Fact]
    public async Task An_operator_kicks_and_bans_with_reasons_that_the_target_and_a_third_person_read()
    {
        using var data = new TempDataDirectory();
        await using var server = await TestServer.StartAsync(o => data.Sqlite(o) with { RateBurst = 1000, RatePerSecond = 1000 });
        await using var app = await ClientApp.StartAsync();
        var alice = await browser.NewPageAsync(width: 1040, height: 720);
        var bob = await browser.NewPageAsync(width: 1040, height: 720);
        var carol = await browser.NewPageAsync(width: 1040, height: 720);

        // alice signs up and creates #dev, so she is its operator; bob and carol are guests.
        await alice.OpenAsync(app);
        await alice.FillFormAsync("127.0.0.1", server.Port, "alice");
        await alice.Field("Password").FillAsync("correct horse battery");
        await alice.Field("Create account").CheckAsync();
        await alice.Button("Connect").ClickAsync();
        await Expect(alice.Status()).ToContainTextAsync("Connected as alice");
        await alice.JoinRoomAsync("#dev");
        await bob.JoinAsync(app, server.Port, "bob");
        await bob.JoinRoomAsync("#dev");
        await carol.JoinAsync(app, server.Port, "carol");
        await carol.JoinRoomAsync("#dev");
        await Expect(alice.Online().GetByRole(AriaRole.Listitem)).ToHaveCountAsync(3);

        // Only an operator gets the member menu; everyone sees who the operator is.
        await Expect(carol.Online()).ToContainTextAsync("op");
        await Expect(carol.Button("Moderate bob")).ToHaveCountAsync(0);
        await alice.Button("Moderate bob").ClickAsync();
        var dialog = alice.GetByRole(AriaRole.Dialog, new() { Name = "Moderate bob in #dev" });
        await Expect(dialog.GetByRole(AriaRole.Radio, new() { Name = "Kick" })).ToBeCheckedAsync();
        await dialog.GetByLabel("Reason", new() { Exact = true }).FillAsync("spam");
        await Screens.PublishToDocsAsync(alice, "moderation-menu", "screenshot-moderation.png");
        await alice.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await Screens.SaveAsync(alice, "moderation-menu-dark");
        await alice.SetViewportSizeAsync(420, 800);
        await Screens.SaveAsync(alice, "moderation-menu-narrow-dark");
        await alice.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });
        await alice.SetViewportSizeAsync(1040, 720);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Kick bob", Exact = true }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();

        await Expect(carol.Log()).ToContainTextAsync("bob was removed by alice: spam");
        await Expect(alice.Log()).ToContainTextAsync("bob was removed by alice: spam");
        await Expect(bob.RoomEntryOf("#dev")).ToHaveCountAsync(0);
        await Expect(bob.Log()).ToContainTextAsync("You were removed from #dev by alice: spam.");
        await Screens.SaveAsync(carol, "moderation-seen-by-others");

        // bob comes back; a ban for an hour removes him again and keeps him out.
        await bob.SayAsync("/join #dev");
        await Expect(bob.RoomHeading()).ToHaveTextAsync("#dev");
        await alice.Button("Moderate bob").ClickAsync();
        await dialog.GetByRole(AriaRole.Radio, new() { Name = "Ban" }).CheckAsync();
        await dialog.GetByLabel("For", new() { Exact = true }).SelectOptionAsync("3600");
        await dialog.GetByLabel("Reason", new() { Exact = true }).FillAsync("again");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Ban bob", Exact = true }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        await Expect(carol.Log()).ToContainTextAsync("alice banned bob from the room for 1 hour: again");
        await Expect(bob.Log()).ToContainTextAsync("You were removed from #dev by alice: again.");
        await carol.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await Screens.SaveAsync(carol, "moderation-seen-by-others-dark");
        await bob.SayAsync("/join #dev");
        await Expect(bob.Locator(".composer")).ToContainTextAsync("banned from #dev");

        // A guest who tries the command is told why not.
        await carol.SayAsync("/kick alice no");
        await Expect(carol.Locator(".composer")).ToContainTextAsync("operator");
        Assert.Empty(app.Logs.Problems);
    }
}
