using Microsoft.Playwright;
using Piazza.Client.Hosting;
using Piazza.Client.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Piazza.Client.Tests.Window;

/// <summary>The app window's fresh profile lets the app's own page notify, so it is not asked again at every run.</summary>
[Collection(SharedBrowser.Name)]
public sealed class WindowProfileTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_app_window_may_notify_without_asking_and_only_for_the_apps_own_address()
    {
        Assert.SkipWhen(browser.SkipReason is not null, browser.SkipReason ?? "");
        await using var app = await ClientApp.StartAsync();
        var profile = Directory.CreateTempSubdirectory("piazza-window-test-").FullName;
        try
        {
            BrowserLauncher.PrepareProfile(profile, app.LaunchUrl);
            using var playwright = await Playwright.CreateAsync();
            await using var context = await playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
            {
                ExecutablePath = BrowserFixture.ChromiumPath,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
            });
            var page = context.Pages.Count > 0 ? context.Pages[0] : await context.NewPageAsync();
            await page.OpenAsync(app);
            Assert.Equal("granted", await page.EvaluateAsync<string>("() => Notification.permission"));

            // Another address on the same machine gets nothing from it.
            await page.GotoAsync($"http://localhost:{app.Host.BaseAddress.Port}/");
            Assert.Equal("default", await page.EvaluateAsync<string>("() => Notification.permission"));
            await Expect(page.Locator("body")).ToBeVisibleAsync();
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }
    }
}
