namespace Piazza.Client.Tests.Support;

/// <summary>
/// The browser tests share one Chromium and run one class at a time: on a two-core machine,
/// several browsers, apps and servers at once would only make every wait longer.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SharedBrowser : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}
