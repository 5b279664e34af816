using Microsoft.Playwright;
using Piazza.Client.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Piazza.Client.Tests.EndToEnd;

/// <summary>Everything works without a mouse.</summary>
[Collection(SharedBrowser.Name)]
public sealed class KeyboardTests(BrowserFixture browser)
{
    [Fact]
    public async Task Connect_chat_and_disconnect_with_the_keyboard_only()
    {
        await using var server = await TestServer.StartAsync();
        await using var app = await ClientApp.StartAsync();
        var page = await browser.NewPageAsync();
        await page.OpenAsync(app);

        // Focus starts in the first field that needs attention: the empty username.
        await Expect(page.Field("Username")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Shift+Tab");
        await Expect(page.Field("Port")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.TypeAsync(server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("dora");
        // Then the optional Password (empty: a guest), Create account and Use TLS, then Connect.
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Field("Password")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Field("Create account")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Field("Use TLS")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Button("Connect")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.Status()).ToContainTextAsync("Connected as dora");
        // The message box has focus on arrival.
        await Expect(page.Field("Message")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("typed, not clicked");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Log().Locator(".msg.own .delivery-state")).ToHaveTextAsync("Sent");

        // Tab order after the box: Send, then the people; before it: the log, the room's header,
        // the rooms, then the top bar.
        await page.Keyboard.PressAsync("Shift+Tab");
        await Expect(page.Log()).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Shift+Tab");
        await Expect(page.Button("Leave room")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Shift+Tab");
        await Expect(page.GetByRole(AriaRole.Switch, new() { Name = "Desktop notifications" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Shift+Tab");
        await Expect(page.Button("Join a room")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Shift+Tab");
        await Expect(page.Button("#piazza")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Shift+Tab");
        await Expect(page.Button("Close")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Shift+Tab");
        await Expect(page.Button("Disconnect")).ToBeFocusedAsync();
        await Screens.SaveAsync(page, "chat-keyboard-focus");
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.Button("Connect")).ToBeVisibleAsync();
        await Eventually.TrueAsync(() => server.Server.MemberCount == 0, what: "dora gone from the room");
    }
}
