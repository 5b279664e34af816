using System.Net;
using Piazza.Client.Tests.Support;

namespace Piazza.Client.Tests.EndToEnd;

/// <summary>Another local user can reach 127.0.0.1 too: without the token nothing answers but 403.</summary>
public sealed class TokenTests
{
    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    private static HttpClient NewClient(Uri baseAddress, CookieContainer? cookies = null) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies ?? new CookieContainer(), UseCookies = true })
        {
            BaseAddress = baseAddress,
        };

    [Fact]
    public async Task Without_the_token_every_request_is_refused_including_the_Blazor_hub()
    {
        await using var app = await ClientApp.StartAsync();
        using var http = NewClient(app.Host.BaseAddress);

        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync("/", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync("/?token=not-the-token", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync("/_framework/blazor.web.js", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.PostAsync("/_blazor/negotiate?negotiateVersion=1", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync("/_blazor", Ct)).StatusCode);
    }

    [Fact]
    public async Task The_token_sets_a_strict_http_only_cookie_and_redirects_to_the_clean_url()
    {
        await using var app = await ClientApp.StartAsync();
        var cookies = new CookieContainer();
        using var http = NewClient(app.Host.BaseAddress, cookies);

        var first = await http.GetAsync(app.LaunchUrl.PathAndQuery, Ct);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal("/", first.Headers.Location?.OriginalString);
        var setCookie = Assert.Single(first.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith($"piazza-token-{app.Host.BaseAddress.Port}={app.Host.Token.Value};", setCookie, StringComparison.Ordinal);
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);

        var page = await http.GetAsync("/", Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("_framework/blazor.web", await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var negotiate = await http.PostAsync("/_blazor/negotiate?negotiateVersion=1", null, Ct);
        Assert.Equal(HttpStatusCode.OK, negotiate.StatusCode);
    }

    [Fact]
    public async Task A_cookie_with_the_wrong_value_is_refused()
    {
        await using var app = await ClientApp.StartAsync();
        var cookies = new CookieContainer();
        cookies.Add(app.Host.BaseAddress, new Cookie($"piazza-token-{app.Host.BaseAddress.Port}", "guess"));
        using var http = NewClient(app.Host.BaseAddress, cookies);

        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync("/", Ct)).StatusCode);
    }

    [Fact]
    public async Task The_app_listens_on_loopback_only()
    {
        await using var app = await ClientApp.StartAsync();

        Assert.True(IPAddress.IsLoopback(IPAddress.Parse(app.Host.BaseAddress.Host)));
        Assert.Equal("127.0.0.1", app.Host.BaseAddress.Host);
        Assert.NotEqual(0, app.Host.BaseAddress.Port);
    }
}
