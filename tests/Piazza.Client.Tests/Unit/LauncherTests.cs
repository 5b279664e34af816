using Piazza.Client.Hosting;

namespace Piazza.Client.Tests.Unit;

public sealed class LauncherTests
{
    private static readonly Uri Url = new("http://127.0.0.1:4321/?token=abc");

    [Fact]
    public void The_window_is_an_app_window_with_a_fresh_profile()
    {
        var args = BrowserLauncher.AppWindowArguments(Url, "/tmp/profile-1", asRoot: false);

        Assert.Contains("--app=http://127.0.0.1:4321/?token=abc", args);
        Assert.Contains("--user-data-dir=/tmp/profile-1", args);
        Assert.Contains("--no-first-run", args);
        Assert.Contains("--test-type", args);
        Assert.DoesNotContain("--no-sandbox", args);
    }

    [Fact]
    public void As_root_the_sandbox_is_turned_off_as_Chromium_requires()
    {
        Assert.Contains("--no-sandbox", BrowserLauncher.AppWindowArguments(Url, "/tmp/p", asRoot: true));
    }

    [Fact]
    public void Each_access_token_is_new_long_and_compared_exactly()
    {
        var a = new AccessToken();
        var b = new AccessToken();

        Assert.NotEqual(a.Value, b.Value);
        Assert.Equal(48, a.Value.Length);
        Assert.True(a.Matches(a.Value));
        Assert.False(a.Matches(b.Value));
        Assert.False(a.Matches(a.Value[..^1]));
        Assert.False(a.Matches(""));
        Assert.False(a.Matches(null));
    }

    [Fact]
    public void The_cookie_name_carries_the_port_so_two_clients_do_not_collide()
    {
        Assert.Equal("piazza-token-4321", AccessToken.CookieNameFor(4321));
        Assert.NotEqual(AccessToken.CookieNameFor(4321), AccessToken.CookieNameFor(4322));
    }
}
