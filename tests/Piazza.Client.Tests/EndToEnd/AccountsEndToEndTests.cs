using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Piazza.Client.Tests.Support;
using Piazza.Protocol;
using static Microsoft.Playwright.Assertions;

namespace Piazza.Client.Tests.EndToEnd;

/// <summary>
/// Accounts (sign up, sign in, a wrong password, a password change) and TLS with a self-signed
/// certificate trusted on first use, in the real app and real Chromium against the real server.
/// </summary>
[Collection(SharedBrowser.Name)]
public sealed class AccountsEndToEndTests(BrowserFixture browser)
{
    private const string Password = "correct horse battery";

    [Fact]
    public async Task Sign_up_then_a_wrong_password_then_sign_in_and_change_the_password()
    {
        using var data = new TempDataDirectory();
        await using var server = await TestServer.StartAsync(data.Sqlite);
        await using var app = await ClientApp.StartAsync();
        var page = await browser.NewPageAsync(width: 1000, height: 760);
        await page.OpenAsync(app);

        // Sign up: the password's rule shows as soon as Create account is chosen, and Connect waits for it.
        await page.FillFormAsync("127.0.0.1", server.Port, "alice");
        await Expect(page.Field("Password")).ToHaveAttributeAsync("type", "password");
        await page.Field("Create account").CheckAsync();
        await page.Field("Password").FillAsync("short");
        await Expect(page.Field("Password")).ToHaveAccessibleDescriptionAsync(PasswordRules.Validate("short").Message!);
        await Expect(page.Button("Connect")).ToHaveAttributeAsync("aria-disabled", "true");
        await page.Field("Password").FillAsync(Password);
        await Expect(page.Button("Connect")).ToHaveAttributeAsync("aria-disabled", "false");
        await Screens.PublishToDocsAsync(page, "connect-create-account", "screenshot-connect.png");
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await Screens.SaveAsync(page, "connect-create-account-dark");
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });
        await page.Button("Connect").ClickAsync();
        await Expect(page.Status()).ToContainTextAsync($"Connected as alice to 127.0.0.1:{server.Port}");
        await Expect(page.Button("Change password")).ToBeVisibleAsync();
        await page.Button("Disconnect").ClickAsync();

        // The name is taken for good now: a guest is asked for its password, a wrong one is refused.
        await Expect(page.Field("Create account")).Not.ToBeCheckedAsync();
        await page.Field("Password").FillAsync("");
        await page.Button("Connect").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("alice");
        await Expect(page.Field("Password")).ToBeFocusedAsync();
        await page.Field("Password").FillAsync("not the password");
        await page.Button("Connect").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Wrong name or password");
        await Expect(page.Field("Password")).ToBeFocusedAsync();
        await Expect(page.Field("Password")).ToHaveAttributeAsync("aria-invalid", "true");
        await Screens.SaveAsync(page, "connect-wrong-password");

        await page.Field("Password").FillAsync(Password);
        await page.Button("Connect").ClickAsync();
        await Expect(page.Status()).ToContainTextAsync("Connected as alice");

        // /password opens the form (no password is ever typed in the message box).
        await page.SayAsync("/password");
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Change password" });
        await Expect(dialog.GetByLabel("Current password", new() { Exact = true })).ToBeFocusedAsync();
        await dialog.GetByLabel("Current password", new() { Exact = true }).FillAsync("not the password");
        await dialog.GetByLabel("New password", new() { Exact = true }).FillAsync("staple gun blue sky");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Change password", Exact = true }).ClickAsync();
        await Expect(dialog.GetByRole(AriaRole.Alert)).ToContainTextAsync("The current password is wrong.");
        await Screens.SaveAsync(page, "change-password-wrong");
        await dialog.GetByLabel("Current password", new() { Exact = true }).FillAsync(Password);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Change password", Exact = true }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        await Expect(page.Log()).ToContainTextAsync("Your password was changed.");
        await Expect(page.Log()).Not.ToContainTextAsync("Wrong name or password");

        // The new password signs in; the old one no longer does.
        var other = await browser.NewPageAsync();
        await other.OpenAsync(app);
        await other.FillFormAsync("127.0.0.1", server.Port, "alice");
        await other.Field("Password").FillAsync(Password);
        await other.Button("Connect").ClickAsync();
        await Expect(other.GetByRole(AriaRole.Alert)).ToContainTextAsync("Wrong name or password");
        await other.Field("Password").FillAsync("staple gun blue sky");
        await other.Button("Connect").ClickAsync();
        await Expect(other.Status()).ToContainTextAsync("Connected as alice");

        // The settings keep the choices, never a password.
        var settings = await File.ReadAllTextAsync(Path.Combine(app.ConfigDirectory, "settings.json"), Xunit.TestContext.Current.CancellationToken);
        Assert.DoesNotContain("staple", settings, StringComparison.Ordinal);
        Assert.DoesNotContain("horse", settings, StringComparison.Ordinal);
        Assert.Empty(app.Logs.Problems);
    }

    [Fact]
    public async Task A_self_signed_certificate_is_trusted_on_first_use_and_refused_once_it_changes_then_forgotten_and_trusted_anew()
    {
        using var first = new TempDataDirectory();
        using var second = new TempDataDirectory();
        await using var app = await ClientApp.StartAsync();
        var page = await browser.NewPageAsync(width: 1000, height: 760);
        int port;
        string fingerprint;
        await using (var server = await TestServer.StartAsync(o => first.Sqlite(o) with { TlsSelfSigned = true }))
        {
            port = server.Port;
            fingerprint = server.Server.CertificateFingerprint!;
            await page.OpenAsync(app);
            await page.FillFormAsync("127.0.0.1", port, "alice");
            await page.Field("Use TLS").CheckAsync();
            await page.Button("Connect").ClickAsync();

            // First use: the fingerprint to compare, and the choice to trust it.
            var alert = page.GetByRole(AriaRole.Alert);
            await Expect(alert).ToContainTextAsync("does not trust");
            await Expect(alert.Locator("code.fingerprint")).ToHaveTextAsync(fingerprint);
            var trust = page.Button("Trust this certificate and connect");
            await Expect(trust).ToBeFocusedAsync();
            await Screens.PublishToDocsAsync(page, "tls-trust-on-first-use", "screenshot-trust.png");
            await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
            await Screens.SaveAsync(page, "tls-trust-on-first-use-dark");
            await page.SetViewportSizeAsync(400, 900);
            await Screens.SaveAsync(page, "tls-trust-on-first-use-narrow-dark");
            await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });
            await page.SetViewportSizeAsync(1000, 760);
            await trust.ClickAsync();
            await Expect(page.Status()).ToContainTextAsync($"Connected as alice to 127.0.0.1:{port}");

            // Remembered per host and port, with the settings: the next connect goes straight in.
            var saved = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(app.ConfigDirectory, "settings.json"), Xunit.TestContext.Current.CancellationToken)).RootElement;
            Assert.True(saved.GetProperty("useTls").GetBoolean());
            Assert.Equal(fingerprint, saved.GetProperty("certificates").GetProperty($"127.0.0.1:{port}").GetProperty("fingerprint").GetString());
            await page.Button("Disconnect").ClickAsync();
            await Expect(page.Field("Use TLS")).ToBeCheckedAsync();
            await page.Button("Connect").ClickAsync();
            await Expect(page.Status()).ToContainTextAsync("Connected as alice");
            await page.Button("Disconnect").ClickAsync();
        }

        // The same host and port with another certificate: refused with both fingerprints, and no way to trust it from here.
        await using var replaced = await TestServer.StartAsync(o => second.Sqlite(o) with { TlsSelfSigned = true }, port: port);
        Assert.NotEqual(fingerprint, replaced.Server.CertificateFingerprint);
        await page.Button("Connect").ClickAsync();
        var refusal = page.GetByRole(AriaRole.Alert);
        await Expect(refusal).ToContainTextAsync("has changed since you trusted it");
        await Expect(refusal.Locator("code.fingerprint")).ToHaveTextAsync([fingerprint, replaced.Server.CertificateFingerprint!]);
        await Expect(page.Button("Trust this certificate and connect")).ToHaveCountAsync(0);
        await refusal.ScrollIntoViewIfNeededAsync();
        await Screens.PublishToDocsAsync(page, "tls-certificate-changed", "screenshot-certificate-changed.png");
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await Screens.SaveAsync(page, "tls-certificate-changed-dark");
        await Expect(page.Field("Host")).ToBeVisibleAsync();
        var settingsFile = Path.Combine(app.ConfigDirectory, "settings.json");
        Assert.DoesNotContain(replaced.Server.CertificateFingerprint!, await File.ReadAllTextAsync(
            settingsFile, Xunit.TestContext.Current.CancellationToken), StringComparison.Ordinal);
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });

        // The operator confirmed the new fingerprint: forget the old certificate, which asks first;
        // "Keep it" changes nothing.
        await page.Button("Forget the old certificate").ClickAsync();
        await Expect(page.Button("Keep it")).ToBeFocusedAsync();
        await Expect(refusal).ToContainTextAsync($"Forget the certificate trusted for 127.0.0.1:{port}?");
        await Screens.SaveAsync(page, "tls-forget-certificate-confirm");
        await page.Button("Keep it").ClickAsync();
        await Expect(page.Button("Forget the old certificate")).ToBeFocusedAsync();
        Assert.Contains(fingerprint, await File.ReadAllTextAsync(settingsFile, Xunit.TestContext.Current.CancellationToken), StringComparison.Ordinal);

        // Confirmed: the old one is gone, and the new one is shown to trust on first use, never trusted by itself.
        await page.Button("Forget the old certificate").ClickAsync();
        await page.Button("Forget it and connect").ClickAsync();
        var again = page.GetByRole(AriaRole.Alert);
        await Expect(again).ToContainTextAsync("does not trust");
        await Expect(again.Locator("code.fingerprint")).ToHaveTextAsync(replaced.Server.CertificateFingerprint!);
        var forgotten = await File.ReadAllTextAsync(settingsFile, Xunit.TestContext.Current.CancellationToken);
        Assert.DoesNotContain(fingerprint, forgotten, StringComparison.Ordinal);
        Assert.DoesNotContain(replaced.Server.CertificateFingerprint!, forgotten, StringComparison.Ordinal);
        await page.Button("Trust this certificate and connect").ClickAsync();
        await Expect(page.Status()).ToContainTextAsync($"Connected as alice to 127.0.0.1:{port}");
        Assert.Contains(replaced.Server.CertificateFingerprint!, await File.ReadAllTextAsync(settingsFile, Xunit.TestContext.Current.CancellationToken), StringComparison.Ordinal);

        // The connect form lists what is remembered; forgetting from the list (confirmed) makes the next connect ask again.
        await page.Button("Disconnect").ClickAsync();
        var remembered = page.Locator("details.remembered-certificates");
        await remembered.Locator("summary").ClickAsync();
        await Expect(remembered.Locator("summary")).ToHaveTextAsync("Remembered certificates (1)");
        await Expect(remembered.Locator("code.fingerprint")).ToHaveTextAsync(replaced.Server.CertificateFingerprint!);
        await Screens.SaveAsync(page, "remembered-certificates");
        await page.Button($"Forget the certificate of 127.0.0.1:{port}").ClickAsync();
        await Expect(page.Button($"Keep 127.0.0.1:{port}")).ToBeFocusedAsync();
        await page.Button($"Forget 127.0.0.1:{port}").ClickAsync();
        await Expect(remembered).ToHaveCountAsync(0);
        Assert.DoesNotContain(replaced.Server.CertificateFingerprint!, await File.ReadAllTextAsync(settingsFile, Xunit.TestContext.Current.CancellationToken), StringComparison.Ordinal);
        await page.Button("Connect").ClickAsync();
        await Expect(page.Button("Trust this certificate and connect")).ToBeFocusedAsync();
        Assert.Empty(app.Logs.Problems);
    }
}
