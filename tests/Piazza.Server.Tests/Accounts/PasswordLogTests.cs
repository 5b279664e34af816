using Microsoft.Extensions.Logging;

namespace Piazza.Server.Tests;

/// <summary>A password reaches no log line at any level, whatever happens to it.</summary>
public sealed class PasswordLogTests
{
    private const string First = "first-secret-passphrase-7F3A";
    private const string Wrong = "wrong-secret-passphrase-91BC";
    private const string Second = "second-secret-passphrase-C0DE";
    private const string Weak = "weak-Q9";

    [Fact]
    public async Task Registration_sign_ins_right_and_wrong_throttling_and_password_changes_log_no_password_even_at_trace()
    {
        await using var server = await TestServer.StartAsync(o => o with { SignInBurst = 3 }, minimumLogLevel: LogLevel.Trace);

        await using (var alice = await server.RegisterAsync("alice", First))
        {
            await alice.SendAsync(new PasswordFrame(Wrong, Second));
            await alice.ExpectErrorAsync(ErrorCodes.AuthFailed);
            await alice.SendAsync(new PasswordFrame(First, Weak));
            await alice.ExpectErrorAsync(ErrorCodes.WeakPassword);
            await alice.SendAsync(new PasswordFrame(First, Second));
            await alice.ExpectAsync<PasswordFrame>();
            await alice.SayAsync("a message, so Debug has something to say");
        }

        await using var client = await server.ConnectAsync();
        foreach (var password in new[] { Wrong, First, Weak, Wrong, Second })
        {
            await client.HelloAsync("alice", password);
        }

        await client.HelloAsync("bob", Weak, register: true);
        await client.SendLineAsync($$"""{"type":"hello","user":"carol","protocol":2,"password":"{{Wrong}}","bad field":[}""");
        await client.ExpectErrorAsync(ErrorCodes.BadFrame);
        await client.SyncAsync();

        var entries = server.Logs.Entries;
        Assert.Contains(entries, e => e.Level == LogLevel.Debug);
        Assert.Contains(entries, e => e.EventId.Id == 41);
        Assert.Contains(entries, e => e.EventId.Id == 43);
        foreach (var secret in new[] { First, Wrong, Second, Weak })
        {
            Assert.DoesNotContain(entries, e => e.ToString().Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(entries, e => e.ToString().Contains(secret[..Math.Min(12, secret.Length)], StringComparison.Ordinal));
        }

        // No hash either.
        Assert.DoesNotContain(entries, e => e.Message.Contains("$argon2id$", StringComparison.Ordinal));
    }
}
