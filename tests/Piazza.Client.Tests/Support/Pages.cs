using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Piazza.Client.Tests.Support;

/// <summary>What a person does on the page, found by role and accessible name (which also proves the labels).</summary>
public static class Pages
{
    public static Task OpenAsync(this IPage page, ClientApp app) => page.OpenAsync(app.LaunchUrl);

    /// <summary>Opens the address a client printed (the token in it becomes the page's cookie).</summary>
    public static async Task OpenAsync(this IPage page, Uri launchUrl)
    {
        await page.GotoAsync(launchUrl.AbsoluteUri);
        // Live, not merely loaded: the circuit is up and events reach the app.
        await Expect(page.Locator(".app[data-interactive=yes]")).ToBeVisibleAsync();
    }

    public static ILocator Field(this IPage page, string label) => page.GetByLabel(label, new() { Exact = true });

    public static ILocator Button(this IPage page, string name) =>
        page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    public static ILocator Status(this IPage page) => page.GetByRole(AriaRole.Status).First;

    public static ILocator Log(this IPage page) => page.GetByRole(AriaRole.Log);

    public static ILocator Online(this IPage page) => page.GetByRole(AriaRole.List, new() { Name = "Online", Exact = true });

    public static async Task FillFormAsync(this IPage page, string host, int port, string username)
    {
        await page.Field("Host").FillAsync(host);
        await page.Field("Port").FillAsync(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.Field("Username").FillAsync(username);
    }

    public static Task JoinAsync(this IPage page, ClientApp app, int port, string username) =>
        page.JoinAsync(app.LaunchUrl, port, username);

    public static async Task JoinAsync(this IPage page, Uri launchUrl, int port, string username)
    {
        await page.OpenAsync(launchUrl);
        await page.FillFormAsync("127.0.0.1", port, username);
        await page.Button("Connect").ClickAsync();
        await Expect(page.Status()).ToContainTextAsync($"Connected as {username} to 127.0.0.1:{port}");
    }

    /// <summary>Types into the message box and presses Enter (which sends).</summary>
    public static async Task SayAsync(this IPage page, string text)
    {
        var box = page.Field("Message");
        await box.FillAsync(text);
        await box.PressAsync("Enter");
    }

    /// <summary>The navigation landmark listing the rooms and conversations.</summary>
    public static ILocator Rooms(this IPage page) => page.GetByRole(AriaRole.Navigation, new() { Name = "Rooms", Exact = true });

    /// <summary>A room's entry in the Rooms list, by its whole accessible name ("#dev", "#dev, 2 unread").</summary>
    public static ILocator RoomEntry(this IPage page, string name) =>
        page.Rooms().GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    /// <summary>A room's entry in the Rooms list, whatever its unread count.</summary>
    public static ILocator RoomEntryOf(this IPage page, string room) =>
        page.Rooms().GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^" + System.Text.RegularExpressions.Regex.Escape(room) + "(,|$)") });

    /// <summary>The room on screen's heading (level 2).</summary>
    public static ILocator RoomHeading(this IPage page) => page.Locator("main").GetByRole(AriaRole.Heading, new() { Level = 2 }).First;

    /// <summary>The log's messages with exactly this text.</summary>
    public static ILocator Message(this IPage page, string text) =>
        page.Log().Locator(".msg").Filter(new() { Has = page.Locator(".msg-text", new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^" + System.Text.RegularExpressions.Regex.Escape(text) + "$") }) });

    /// <summary>Joins (or creates) a room with the Join a room dialog; it is on screen afterwards.</summary>
    public static async Task JoinRoomAsync(this IPage page, string room)
    {
        await page.Button("Join a room").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Join a room" });
        await dialog.GetByLabel("Room name", new() { Exact = true }).FillAsync(room);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Join", Exact = true }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        await Expect(page.RoomHeading()).ToHaveTextAsync(room);
    }

    /// <summary>Puts a room on screen from the Rooms list.</summary>
    public static async Task OpenRoomAsync(this IPage page, string room)
    {
        await page.RoomEntryOf(room).ClickAsync();
        await Expect(page.RoomHeading()).ToHaveTextAsync(room);
    }
}
