using System.Text.RegularExpressions;
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

    [Fact]
    public async Task The_menu_offers_Mute_or_Unmute_as_the_room_saw_and_a_server_operator_bans_an_address_and_a_name_from_the_server()
    {
        using var data = new TempDataDirectory();
        await using var server = await TestServer.StartAsync(o => data.Sqlite(o) with { Admins = ["root"], RateBurst = 1000, RatePerSecond = 1000 });
        await using var app = await ClientApp.StartAsync();
        var root = await browser.NewPageAsync(width: 1040, height: 760);
        var bob = await browser.NewPageAsync(width: 1040, height: 720);
        var carol = await browser.NewPageAsync(width: 1040, height: 720);

        // root, a server operator (--admins), signs up and creates #dev; bob and carol are guests there.
        await root.OpenAsync(app);
        await root.FillFormAsync("127.0.0.1", server.Port, "root");
        await root.Field("Password").FillAsync("correct horse battery");
        await root.Field("Create account").CheckAsync();
        await root.Button("Connect").ClickAsync();
        await Expect(root.Status()).ToContainTextAsync("Connected as root");
        await root.JoinRoomAsync("#dev");
        await bob.JoinAsync(app, server.Port, "bob");
        await bob.JoinRoomAsync("#dev");
        await carol.JoinAsync(app, server.Port, "carol");
        await carol.JoinRoomAsync("#dev");
        await Expect(root.Online().GetByRole(AriaRole.Listitem)).ToHaveCountAsync(3);
        await Expect(carol.Button("Server moderation")).ToHaveCountAsync(0);

        // Nobody is muted yet: the menu offers Mute (with a duration), not Unmute.
        var dialog = root.GetByRole(AriaRole.Dialog, new() { Name = "Moderate bob in #dev" });
        var mute = dialog.GetByRole(AriaRole.Radio, new() { NameRegex = new Regex("^Mute\\b") });
        var unmute = dialog.GetByRole(AriaRole.Radio, new() { NameRegex = new Regex("^Unmute\\b") });
        await root.Button("Moderate bob").ClickAsync();
        await Expect(unmute).ToHaveCountAsync(0);
        await mute.CheckAsync();
        await dialog.GetByLabel("For", new() { Exact = true }).SelectOptionAsync("600");
        await dialog.GetByLabel("Reason", new() { Exact = true }).FillAsync("cool off");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Mute bob", Exact = true }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();

        // Everyone in the room sees bob marked muted; bob cannot speak; the menu now offers Unmute.
        var bobSeenByCarol = carol.Online().GetByRole(AriaRole.Listitem).Filter(new() { HasText = "bob" });
        await Expect(bobSeenByCarol).ToContainTextAsync("muted");
        await Expect(carol.Log()).ToContainTextAsync("root muted bob for 10 minutes: cool off");
        await bob.SayAsync("hello?");
        await Expect(bob.Log()).ToContainTextAsync("You are muted in #dev");
        await root.Button("Moderate bob").ClickAsync();
        await Expect(dialog).ToContainTextAsync("bob is muted until");
        await Expect(mute).ToHaveCountAsync(0);
        await Screens.SaveAsync(root, "moderation-menu-muted");
        await unmute.CheckAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Unmute bob", Exact = true }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        await Expect(carol.Log()).ToContainTextAsync("root unmuted bob");
        await Expect(bobSeenByCarol).Not.ToContainTextAsync("muted");
        await root.Button("Moderate bob").ClickAsync();
        await Expect(mute).ToHaveCountAsync(1);
        await Expect(unmute).ToHaveCountAsync(0);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel", Exact = true }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();

        // Server moderation: an address, then a name, banned from the whole server.
        await root.Button("Server moderation").ClickAsync();
        var form = root.GetByRole(AriaRole.Dialog, new() { Name = "Server moderation" });
        await Expect(form.GetByLabel("Name", new() { Exact = true })).ToBeFocusedAsync();
        await form.GetByRole(AriaRole.Radio, new() { NameRegex = new Regex("^An address") }).CheckAsync();
        await form.GetByLabel("Address", new() { Exact = true }).FillAsync("203.0.113");
        await Expect(form.GetByLabel("Address", new() { Exact = true })).ToHaveAccessibleDescriptionAsync(new Regex("^Address must be one IP address"));
        await form.GetByLabel("Address", new() { Exact = true }).FillAsync("203.0.113.9");
        await form.GetByLabel("For", new() { Exact = true }).SelectOptionAsync("86400");
        await form.GetByLabel("Reason", new() { Exact = true }).FillAsync("flood");
        await root.SetViewportSizeAsync(1040, 940);
        await Screens.PublishToDocsAsync(root, "server-moderation", "screenshot-server-moderation.png");
        await root.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await Screens.SaveAsync(root, "server-moderation-dark");
        await root.SetViewportSizeAsync(420, 900);
        await Screens.SaveAsync(root, "server-moderation-narrow-dark");
        await root.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });
        await root.SetViewportSizeAsync(1040, 760);
        await form.GetByRole(AriaRole.Button, new() { Name = "Ban 203.0.113.9 from the server", Exact = true }).ClickAsync();
        await Expect(form).ToBeHiddenAsync();
        await Expect(root.Log()).ToContainTextAsync("Done: 203.0.113.9 is banned from the whole server for 1 day.");

        await root.Button("Server moderation").ClickAsync();
        await form.GetByLabel("Name", new() { Exact = true }).FillAsync("mallory");
        await form.GetByLabel("For", new() { Exact = true }).SelectOptionAsync("");
        await form.GetByRole(AriaRole.Button, new() { Name = "Ban mallory from the server", Exact = true }).ClickAsync();
        await Expect(form).ToBeHiddenAsync();
        await Expect(root.Log()).ToContainTextAsync("Done: mallory is banned from the whole server for good.");

        // The ban holds: mallory is refused at the door, with why.
        var mallory = await browser.NewPageAsync(width: 1040, height: 720);
        await mallory.OpenAsync(app);
        await mallory.FillFormAsync("127.0.0.1", server.Port, "mallory");
        await mallory.Button("Connect").ClickAsync();
        await Expect(mallory.GetByRole(AriaRole.Alert)).ToContainTextAsync("banned from this server");
        Assert.Empty(app.Logs.Problems);
    }
}
