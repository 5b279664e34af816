using System.Net;

namespace Piazza.Server.Tests;

/// <summary>Protocol §10 through the real server: registration, sign-in, names no guest can take, password changes.</summary>
public sealed class AccountTests
{
    [Fact]
    public async Task A_registered_account_signs_in_with_its_password_under_its_registered_spelling()
    {
        await using var server = await TestServer.StartAsync();
        await server.RegisterOfflineAsync("Alice");
        await using var client = await server.ConnectAsync();

        var welcome = await client.SignInAsync("alice");

        Assert.Equal("Alice", welcome.User);
        Assert.True(welcome.Account);
        Assert.False(welcome.Admin);
        var room = await client.ExpectAsync<RoomFrame>();
        Assert.Equal(["Alice"], room.Users);
    }

    [Fact]
    public async Task Nobody_can_take_a_registered_name_as_a_guest_online_or_offline_in_any_spelling()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.RegisterAsync("alice");

        await using var thief = await server.ConnectAsync();
        await thief.SendAsync(new HelloFrame("ALICE", 2));
        var online = await thief.ExpectErrorAsync(ErrorCodes.AuthRequired);
        await thief.SendAsync(new HelloFrame("alice"));
        var version1 = await thief.ExpectErrorAsync(ErrorCodes.AuthRequired);

        await alice.SendAsync(ByeFrame.Instance);
        await alice.ReadToEndAsync();
        await thief.SendAsync(new HelloFrame("Alice", 2));
        var offline = await thief.ExpectErrorAsync(ErrorCodes.AuthRequired);

        Assert.Contains("'ALICE' is registered", online.Message, StringComparison.Ordinal);
        Assert.Contains("password", version1.Message, StringComparison.Ordinal);
        Assert.Contains("registered", offline.Message, StringComparison.Ordinal);

        // The refusals left the connection open: it may still join under a free name.
        await thief.SendAsync(new HelloFrame("mallory", 2));
        Assert.Equal("mallory", (await thief.ExpectAsync<WelcomeFrame>()).User);
        Assert.False((thief.Received.OfType<WelcomeFrame>().Single()).Account);
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_account_get_the_same_error_word_for_word()
    {
        await using var server = await TestServer.StartAsync();
        await server.RegisterOfflineAsync("alice");
        await using var client = await server.ConnectAsync();

        var wrong = (ErrorFrame)await client.HelloAsync("alice", "not the password at all");
        var unknown = (ErrorFrame)await client.HelloAsync("nobody", "not the password at all");

        Assert.Equal(ErrorCodes.AuthFailed, wrong.Code);
        Assert.Equal(wrong, unknown);
    }

    [Fact]
    public async Task Registration_refuses_a_taken_name_a_short_password_and_a_missing_one()
    {
        await using var server = await TestServer.StartAsync();
        await server.RegisterOfflineAsync("alice");
        await using var guest = await server.GuestAsync("bob");
        await using var client = await server.ConnectAsync();

        var exists = (ErrorFrame)await client.HelloAsync("ALICE", "another long password", register: true);
        var weak = (ErrorFrame)await client.HelloAsync("carol", "short", register: true);
        var heldByGuest = (ErrorFrame)await client.HelloAsync("bob", "a long enough password", register: true);
        await client.SendLineAsync("""{"type":"hello","user":"dave","protocol":2,"register":true}""");
        var missing = await client.ExpectErrorAsync(ErrorCodes.WeakPassword);

        Assert.Equal(ErrorCodes.AccountExists, exists.Code);
        Assert.Equal(ErrorCodes.WeakPassword, weak.Code);
        Assert.Contains("at least 10", weak.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorCodes.UsernameTaken, heldByGuest.Code);
        Assert.Contains("password", missing.Message, StringComparison.Ordinal);
        Assert.Equal("carol", (await client.SignInAsync("carol", "long enough now", register: true)).User);
    }

    [Fact]
    public async Task Signing_in_needs_protocol_2()
    {
        await using var server = await TestServer.StartAsync();
        await server.RegisterOfflineAsync("alice");
        await using var client = await server.ConnectAsync();

        await client.SendAsync(new HelloFrame("alice", Password: AccountClients.Password));
        var error = await client.ExpectErrorAsync(ErrorCodes.UnsupportedProtocol);

        Assert.Contains("protocol 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_guests_denied_only_accounts_get_in_and_registration_stays_open()
    {
        await using var server = await TestServer.StartAsync(o => o with { GuestsAllowed = false });
        await using var client = await server.ConnectAsync();

        await client.SendAsync(new HelloFrame("bob", 2));
        var v2 = await client.ExpectErrorAsync(ErrorCodes.AuthRequired);
        await client.SendAsync(new HelloFrame("bob"));
        await client.ExpectErrorAsync(ErrorCodes.AuthRequired);

        Assert.Contains("registered accounts only", v2.Message, StringComparison.Ordinal);
        Assert.True((await client.SignInAsync("bob", register: true)).Account);
    }

    [Fact]
    public async Task A_password_from_another_machine_over_plain_text_is_tls_required_and_loopback_is_fine()
    {
        var address = LocalAddresses.NonLoopbackIPv4();
        Assert.SkipWhen(address is null, "This machine has no non-loopback IPv4 address to connect from.");
        await using var server = await TestServer.StartAsync(o => o with { Host = "0.0.0.0" });
        await using var remote = await RawClient.ConnectAsync(server.Port, remote: address);

        var refused = (ErrorFrame)await remote.HelloAsync("alice", AccountClients.Password, register: true);
        await remote.SendAsync(new HelloFrame("alice", 2));
        var asGuest = await remote.ExpectAsync<WelcomeFrame>();
        await remote.SendAsync(new PasswordFrame("x", "y"));
        var change = await remote.ExpectErrorAsync(ErrorCodes.TlsRequired);

        Assert.Equal(ErrorCodes.TlsRequired, refused.Code);
        Assert.Contains("TLS", refused.Message, StringComparison.Ordinal);
        Assert.False(asGuest.Account);
        Assert.Contains("TLS", change.Message, StringComparison.Ordinal);
        await using var local = await RawClient.ConnectAsync(server.Port, remote: IPAddress.Loopback);
        Assert.True((await local.SignInAsync("bob", register: true)).Account);
    }

    [Fact]
    public async Task A_password_change_needs_the_current_password_and_the_new_one_works_from_then_on()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.RegisterAsync("alice");

        await alice.SendAsync(new PasswordFrame("wrong current password", "a brand new password"));
        var wrong = await alice.ExpectErrorAsync(ErrorCodes.AuthFailed);
        await alice.SendAsync(new PasswordFrame(AccountClients.Password, "short"));
        var weak = await alice.ExpectErrorAsync(ErrorCodes.WeakPassword);
        await alice.SendLineAsync("""{"type":"password","password":"x"}""");
        var incomplete = await alice.ExpectErrorAsync(ErrorCodes.BadFrame);
        await alice.SendAsync(new PasswordFrame(AccountClients.Password, "a brand new password"));
        var confirmed = await alice.ExpectAsync<PasswordFrame>();

        Assert.Equal("Wrong name or password.", wrong.Message);
        Assert.Contains("at least 10", weak.Message, StringComparison.Ordinal);
        Assert.Contains("'newPassword'", incomplete.Message, StringComparison.Ordinal);
        Assert.Equal(PasswordFrame.Confirmation, confirmed);
        await using var device = await server.ConnectAsync();
        Assert.Equal(ErrorCodes.AuthFailed, ((ErrorFrame)await device.HelloAsync("alice", AccountClients.Password)).Code);
        Assert.True((await device.SignInAsync("alice", "a brand new password")).Account);
    }

    [Fact]
    public async Task A_guest_has_no_password_to_change()
    {
        await using var server = await TestServer.StartAsync();
        await using var guest = await server.GuestAsync("bob");

        await guest.SendAsync(new PasswordFrame("anything at all", "something else entirely"));

        Assert.Contains("signed-in account", (await guest.ExpectErrorAsync(ErrorCodes.NotPermitted)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_operator_s_name_registers_only_from_this_machine_and_is_flagged_in_the_welcome()
    {
        await using var server = await TestServer.StartAsync(o => o with { Admins = ["Root"] });

        await using var root = await server.ConnectAsync();
        var welcome = await root.SignInAsync("root", register: true);

        Assert.True(welcome.Admin);
        Assert.Contains(server.Logs.Entries, e => e.EventId.Id == 47 && e.Message.Contains("Root", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_account_may_not_open_more_sessions_than_its_cap()
    {
        await using var server = await TestServer.StartAsync(o => o with { MaxSessionsPerAccount = 2 });
        await using var one = await server.RegisterAsync("alice");
        await using var two = await server.SignInAsync("alice");
        await using var three = await server.ConnectAsync();

        var refused = (ErrorFrame)await three.HelloAsync("alice", AccountClients.Password);

        Assert.Equal(ErrorCodes.TooManyConnections, refused.Code);
        Assert.Contains("2 places", refused.Message, StringComparison.Ordinal);
    }
}
