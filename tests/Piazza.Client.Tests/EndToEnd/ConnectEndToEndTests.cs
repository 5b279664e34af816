using System.Text.Json;
using Microsoft.Playwright;
using Piazza.Client.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Piazza.Client.Tests.EndToEnd;

[Collection(SharedBrowser.Name)]
public sealed class ConnectEndToEndTests(BrowserFixture browser)
{
    [Fact]
    public async Task Invalid_inputs_show_their_rules_and_keep_Connect_disabled()
    {
        await using var app = await ClientApp.StartAsync();
        var page = await browser.NewPageAsync();
        await page.OpenAsync(app);
        await Expect(page.Field("Host")).ToHaveValueAsync("127.0.0.1");
        await Expect(page.Field("Port")).ToHaveValueAsync("5000");
        await Expect(page.Field("Username")).ToHaveValueAsync("");
        await Expect(page.Button("Connect")).ToBeDisabledAsync();
        await Expect(page.Field("Username")).ToBeFocusedAsync();
        await Screens.SaveAsync(page, "connect-form");

        await page.Field("Host").FillAsync("my host");
        await page.Field("Port").FillAsync("99999");
        await page.Field("Username").FillAsync("9lives");

        // Exactly the sentences of the shared rules, as the field's accessible description.
        await Expect(page.Field("Host")).ToHaveAccessibleDescriptionAsync(Piazza.Protocol.EndpointRules.ValidateHost("my host").Message!);
        await Expect(page.Field("Port")).ToHaveAccessibleDescriptionAsync(Piazza.Protocol.EndpointRules.ValidatePort("99999").Message!);
        await Expect(page.Field("Username")).ToHaveAccessibleDescriptionAsync(Piazza.Protocol.UsernameRules.Validate("9lives").Message!);
        await Expect(page.Field("Port")).ToHaveAccessibleDescriptionAsync(new System.Text.RegularExpressions.Regex("99999"));
        await Expect(page.Button("Connect")).ToBeDisabledAsync();
        await Screens.SaveAsync(page, "connect-form-errors");
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await Screens.SaveAsync(page, "connect-form-errors-dark");
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });

        await page.Field("Host").FillAsync("localhost");
        await page.Field("Port").FillAsync("6000");
        await Expect(page.Button("Connect")).ToBeDisabledAsync();
        await page.Field("Username").FillAsync("lives9");
        await Expect(page.Button("Connect")).ToBeEnabledAsync();
        await Expect(page.Field("Username")).ToHaveAccessibleDescriptionAsync(Piazza.Protocol.UsernameRules.Rule);
    }

    [Fact]
    public async Task A_refused_connection_is_one_sentence_with_the_values_kept()
    {
        var port = Ports.Free();
        await using var app = await ClientApp.StartAsync();
        var page = await browser.NewPageAsync();
        await page.OpenAsync(app);

        await page.FillFormAsync("127.0.0.1", port, "alice");
        await page.Field("Username").PressAsync("Enter");

        var alert = page.GetByRole(AriaRole.Alert);
        await Expect(alert).ToBeVisibleAsync();
        await Expect(alert).ToContainTextAsync(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(page.Field("Host")).ToHaveValueAsync("127.0.0.1");
        await Expect(page.Field("Port")).ToHaveValueAsync(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(page.Field("Username")).ToHaveValueAsync("alice");
        await Expect(page.Button("Connect")).ToBeEnabledAsync();
        await Screens.SaveAsync(page, "connect-refused");
    }

    [Fact]
    public async Task A_taken_username_shows_the_taken_message_and_the_suggestion_joins_in_one_click()
    {
        await using var server = await TestServer.StartAsync();
        await using var app = await ClientApp.StartAsync();
        await using var holder = await server.JoinAsync("alice");
        var page = await browser.NewPageAsync();
        await page.OpenAsync(app);

        await page.FillFormAsync("127.0.0.1", server.Port, "Alice");
        await page.Button("Connect").ClickAsync();

        var alert = page.GetByRole(AriaRole.Alert);
        await Expect(alert).ToContainTextAsync("already in use");
        await Expect(page.Field("Username")).ToBeFocusedAsync();
        await Expect(page.Field("Username")).ToHaveValueAsync("Alice");
        await Screens.SaveAsync(page, "connect-username-taken");
        var suggestion = alert.GetByRole(AriaRole.Button);
        await Expect(suggestion).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^Connect as Alice_2$", System.Text.RegularExpressions.RegexOptions.IgnoreCase));

        await suggestion.ClickAsync();

        await Expect(page.Status()).ToContainTextAsync(new System.Text.RegularExpressions.Regex("Connected as Alice_2", System.Text.RegularExpressions.RegexOptions.IgnoreCase));
    }

    [Fact]
    public async Task The_last_host_port_and_username_are_remembered_for_the_next_run()
    {
        await using var server = await TestServer.StartAsync();
        var configDirectory = Directory.CreateTempSubdirectory("piazza-config-").FullName;
        await using (var first = await ClientApp.StartAsync(configDirectory: configDirectory))
        {
            var page = await browser.NewPageAsync();
            await page.JoinAsync(first, server.Port, "carol");
            await page.Context.CloseAsync();
        }

        var saved = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(configDirectory, "settings.json"), Xunit.TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal("127.0.0.1", saved.GetProperty("host").GetString());
        Assert.Equal(server.Port, saved.GetProperty("port").GetInt32());
        Assert.Equal("carol", saved.GetProperty("username").GetString());

        try
        {
            await using var second = await ClientApp.StartAsync(configDirectory: configDirectory);
            var next = await browser.NewPageAsync();
            await next.OpenAsync(second);
            await Expect(next.Field("Host")).ToHaveValueAsync("127.0.0.1");
            await Expect(next.Field("Port")).ToHaveValueAsync(server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await Expect(next.Field("Username")).ToHaveValueAsync("carol");
            await Expect(next.Button("Connect")).ToBeFocusedAsync();
        }
        finally
        {
            Directory.Delete(configDirectory, recursive: true);
        }
    }
}
