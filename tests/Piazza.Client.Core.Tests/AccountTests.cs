using Piazza.Protocol;
using Piazza.Server;
using Piazza.Testing;

namespace Piazza.Client.Core.Tests;

/// <summary>Registering, signing in and changing a password (protocol §10) against the real server.</summary>
public sealed class AccountTests
{
    private const string Password = "correct horse battery";

    private static ChatConnectionOptions SignIn(TestServer server, string user, string? password, bool register = false) =>
        Options.For(server.Port, user, autoReconnect: false) with { Password = password, Register = register };

    private static async Task<ConnectResult> ConnectAsync(ChatClient client, ChatConnectionOptions options) =>
        await client.ConnectAsync(options).WaitAsync(Wait.Default);

    [Fact]
    public async Task Registering_signs_in_and_the_name_then_needs_its_password()
    {
        await using var server = await TestServer.StartAsync();
        await using (var alice = new ChatClient())
        {
            var registered = await ConnectAsync(alice, SignIn(server, "Alice", Password, register: true));
            Assert.True(registered.Succeeded, registered.Failure?.Message);
            Assert.True(registered.Welcome!.IsAccount);
            Assert.False(registered.Welcome.IsAdmin);
        }

        await using var again = new ChatClient();
        var exists = await ConnectAsync(again, SignIn(server, "alice", "another long password", register: true));
        Assert.Equal((ConnectFailureKind.AccountExists, UsernameRules.Field), (exists.Failure!.Kind, exists.Failure.Field));

        var wrong = await ConnectAsync(again, SignIn(server, "alice", "not the password"));
        Assert.Equal((ConnectFailureKind.AuthFailed, PasswordRules.Field), (wrong.Failure!.Kind, wrong.Failure.Field));
        Assert.Contains("Wrong name or password", wrong.Failure.Message, StringComparison.Ordinal);

        var guest = await ConnectAsync(again, SignIn(server, "alice", null));
        Assert.Equal((ConnectFailureKind.AuthRequired, PasswordRules.Field), (guest.Failure!.Kind, guest.Failure.Field));

        var signedIn = await ConnectAsync(again, SignIn(server, "ALICE", Password));
        Assert.True(signedIn.Succeeded, signedIn.Failure?.Message);
        Assert.Equal("Alice", signedIn.Welcome!.User);
        Assert.True(signedIn.Welcome.IsAccount);
    }

    [Fact]
    public async Task A_short_password_is_refused_here_before_anything_is_sent()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = new ChatClient();
        var result = await ConnectAsync(client, SignIn(server, "alice", "short", register: true));
        Assert.Equal((ConnectFailureKind.InvalidInput, PasswordRules.Field), (result.Failure!.Kind, result.Failure.Field));
        Assert.Contains("at least 10", result.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_denies_guests_asks_for_a_password_and_admits_an_account()
    {
        await using var server = await TestServer.StartAsync(o => o with { GuestsAllowed = false, Admins = ["root"] });
        await using var client = new ChatClient();
        var guest = await ConnectAsync(client, SignIn(server, "visitor", null));
        Assert.Equal(ConnectFailureKind.AuthRequired, guest.Failure!.Kind);

        var root = await ConnectAsync(client, SignIn(server, "root", Password, register: true));
        Assert.True(root.Succeeded, root.Failure?.Message);
        Assert.True(root.Welcome!.IsAdmin);
    }

    [Fact]
    public async Task Changing_the_password_checks_the_current_one_and_the_new_one_signs_in()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = new ChatClient();
        var events = new EventRecorder(alice);
        Assert.True((await ConnectAsync(alice, SignIn(server, "alice", Password, register: true))).Succeeded);

        var wrong = await Assert.ThrowsAsync<ChatRequestException>(() => alice.ChangePasswordAsync("not the password", "staple gun blue sky"));
        Assert.Equal(ErrorCodes.AuthFailed, wrong.Code);
        // The caller has the refusal; the event says so, so a front end does not show it twice.
        Assert.True((await events.WaitForAsync<ServerError>(e => e.Code == ErrorCodes.AuthFailed)).Answered);
        var weak = await Assert.ThrowsAsync<ChatRequestException>(() => alice.ChangePasswordAsync(Password, "short"));
        Assert.Equal(ErrorCodes.WeakPassword, weak.Code);

        await alice.ChangePasswordAsync(Password, "staple gun blue sky").WaitAsync(Wait.Default);

        await using var other = new ChatClient();
        Assert.Equal(ConnectFailureKind.AuthFailed, (await ConnectAsync(other, SignIn(server, "alice", Password))).Failure!.Kind);
        Assert.True((await ConnectAsync(other, SignIn(server, "alice", "staple gun blue sky"))).Succeeded);
    }

    [Fact]
    public async Task A_guest_has_no_password_to_change()
    {
        await using var server = await TestServer.StartAsync();
        await using var guest = new ChatClient();
        Assert.True((await ConnectAsync(guest, SignIn(server, "bob", null))).Succeeded);
        var refused = await Assert.ThrowsAsync<ChatRequestException>(() => guest.ChangePasswordAsync("whatever it was", "staple gun blue sky"));
        Assert.Equal(ErrorCodes.NotPermitted, refused.Code);
    }
}
