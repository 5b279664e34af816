using Microsoft.Playwright;

namespace Piazza.Client.Tests.Support;

/// <summary>Screenshots of the main screens, kept as test artifacts under TestResults/screenshots.</summary>
public static class Screens
{
    public static string Folder => Directory.CreateDirectory(Path.Combine(RepositoryPaths.TestResults, "screenshots")).FullName;

    public const string UpdateDocsVariable = "PIAZZA_UPDATE_DOCS_SCREENSHOT";

    /// <summary>
    /// Copies <paramref name="screenshot"/> to docs/<paramref name="name"/> (a picture in the README)
    /// when that file is missing or PIAZZA_UPDATE_DOCS_SCREENSHOT=1, so ordinary test runs leave the tree clean.
    /// </summary>
    public static void PublishToDocs(string screenshot, string name = "screenshot.png")
    {
        var target = Path.Combine(RepositoryPaths.Root, "docs", name);
        if (!File.Exists(target) || Environment.GetEnvironmentVariable(UpdateDocsVariable) == "1")
        {
            File.Copy(screenshot, target, overwrite: true);
        }
    }

    public static async Task<string> SaveAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        var path = Path.Combine(Folder, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, Animations = ScreenshotAnimations.Disabled, Caret = ScreenshotCaret.Hide });
        return path;
    }

    /// <summary>Saves a screenshot of the page and publishes it to docs/<paramref name="docsName"/> (see <see cref="PublishToDocs"/>).</summary>
    public static async Task PublishToDocsAsync(IPage page, string name, string docsName)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.Mouse.MoveAsync(0, 0);
        PublishToDocs(await SaveAsync(page, name), docsName);
    }
}
