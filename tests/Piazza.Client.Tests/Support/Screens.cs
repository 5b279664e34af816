using Microsoft.Playwright;

namespace Piazza.Client.Tests.Support;

/// <summary>Screenshots of the main screens, kept as test artifacts under TestResults/screenshots.</summary>
public static class Screens
{
    public static string Folder => Directory.CreateDirectory(Path.Combine(RepositoryPaths.TestResults, "screenshots")).FullName;

    public static async Task<string> SaveAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        var path = Path.Combine(Folder, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, Animations = ScreenshotAnimations.Disabled, Caret = ScreenshotCaret.Hide });
        return path;
    }
}
