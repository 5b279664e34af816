using Piazza.Protocol;
using Piazza.Testing;

namespace Piazza.Client.Core.Tests;

/// <summary>Kick, ban, mute and operators (protocol §12) through the real server, seen by the operator, the target and a third person.</summary>
public sealed class ModerationTests
{
    private const string Password = "correct horse battery";

    private static async Task<(ChatClient Client, EventRecorder Events)> EnterAsync(TestServer server, string user, bool account, string room = "#dev")
    {
        var client = new ChatClient();
        var events = new EventRecorder(client);
        var options = Options.For(server.Port, user, autoReconnect: false) with
        {
            Password = account ? Password : null,
            Register = account,
            Rooms = [room],
        };
        var result = await client.ConnectAsync(options).WaitAsync(Wait.Default);
        Assert.True(result.Succeeded, result.Failure?.Message);
        await Eventually.TrueAsync(() => client.FindRoom(room)?.IsJoined == true, what: user + " in " + room);
        return (client, events);
    }

    [Fact]
    public async Task A_kick_and_a_ban_with_reasons_reach_the_target_and_everyone_else()
    {
        await using var server = await TestServer.StartAsync(o => o with { RateBurst = 1000, RatePerSecond = 1000 });
        var (alice, _) = await EnterAsync(server, "alice", account: true);
        await using var a = alice;
        var (bob, bobEvents) = await EnterAsync(server, "bob", account: false);
        await using var b = bob;
        var (carol, carolEvents) = await EnterAsync(server, "carol", account: true);
        await using var c = carol;

        Assert.True(alice.FindRoom("#dev")!.IsOperator("alice"));
        Assert.Equal(["alice"], carol.FindRoom("#dev")!.Operators);

        var notOperator = await Assert.ThrowsAsync<ChatRequestException>(() =>
            bob.ModerateAsync(new ModerationCommand { Action = ModerationAction.Kick, Room = "#dev", User = "carol" }));
        Assert.Equal(ErrorCodes.NotPermitted, notOperator.Code);

        await alice.ModerateAsync(new ModerationCommand { Action = ModerationAction.Kick, Room = "#dev", User = "bob", Reason = "spam" })
            .WaitAsync(Wait.Default);
        var seen = await carolEvents.WaitForAsync<UserLeft>(l => l.User == "bob");
        Assert.Equal((LeaveReasons.Kicked, "alice", "spam"), (seen.Reason, seen.By, seen.Note));
        var removed = await bobEvents.WaitForAsync<RoomRemoved>(r => r.Room == "#dev");
        Assert.Equal("You were removed from #dev by alice: spam.", removed.Reason);

        await bob.JoinAsync("#dev").WaitAsync(Wait.Default);
        await alice.ModerateAsync(new ModerationCommand
        {
            Action = ModerationAction.Ban, Room = "#dev", User = "bob", Duration = TimeSpan.FromHours(1), Reason = "again",
        }).WaitAsync(Wait.Default);
        var ban = await carolEvents.WaitForAsync<ModerationChanged>(m => m.Action == "ban");
        Assert.Equal(("alice", "bob", TimeSpan.FromHours(1), "again"), (ban.By, ban.User, ban.Duration, ban.Reason));
        await bobEvents.WaitForAsync<RoomRemoved>(r => r.Room == "#dev" && r.Reason!.Contains("again", StringComparison.Ordinal));
        var refused = await Assert.ThrowsAsync<ChatRequestException>(() => bob.JoinAsync("#dev").WaitAsync(Wait.Default));
        Assert.Equal(ErrorCodes.NotPermitted, refused.Code);
        Assert.Contains("banned from #dev", refused.Message, StringComparison.Ordinal);

        await alice.ModerateAsync(new ModerationCommand { Action = ModerationAction.Unban, Room = "#dev", User = "bob" }).WaitAsync(Wait.Default);
        await carolEvents.WaitForAsync<ModerationChanged>(m => m.Action == "unban");
        await bob.JoinAsync("#dev").WaitAsync(Wait.Default);
    }

    [Fact]
    public async Task A_mute_stops_speech_and_operators_make_operators()
    {
        await using var server = await TestServer.StartAsync(o => o with { RateBurst = 1000, RatePerSecond = 1000 });
        var (alice, _) = await EnterAsync(server, "alice", account: true);
        await using var a = alice;
        var (carol, carolEvents) = await EnterAsync(server, "carol", account: true);
        await using var c = carol;

        await alice.ModerateAsync(new ModerationCommand { Action = ModerationAction.Mute, Room = "#dev", User = "carol", Reason = "cool off" })
            .WaitAsync(Wait.Default);
        var mute = await carolEvents.WaitForAsync<ModerationChanged>(m => m.Action == "mute");
        Assert.Equal((null, "cool off"), (mute.Duration, mute.Reason));
        var said = await carol.SendAsync("#dev", "hello?").WaitAsync(Wait.Default);
        Assert.False(said.Succeeded);
        Assert.Equal(ErrorCodes.NotPermitted, said.ErrorCode);

        await alice.ModerateAsync(new ModerationCommand { Action = ModerationAction.Unmute, Room = "#dev", User = "carol" }).WaitAsync(Wait.Default);
        await alice.ModerateAsync(new ModerationCommand { Action = ModerationAction.Op, Room = "#dev", User = "carol" }).WaitAsync(Wait.Default);
        await Eventually.TrueAsync(() => carol.FindRoom("#dev")!.IsOperator("carol"), what: "carol an operator");

        // An op of an operator changes nothing: the server confirms to the operator alone.
        await alice.ModerateAsync(new ModerationCommand { Action = ModerationAction.Op, Room = "#dev", User = "carol" }).WaitAsync(Wait.Default);

        await carol.ModerateAsync(new ModerationCommand { Action = ModerationAction.Deop, Room = "#dev", User = "alice" }).WaitAsync(Wait.Default);
        await Eventually.TrueAsync(() => !alice.FindRoom("#dev")!.IsOperator("alice"), what: "alice no longer an operator");
        var refused = await Assert.ThrowsAsync<ChatRequestException>(() =>
            alice.ModerateAsync(new ModerationCommand { Action = ModerationAction.Kick, Room = "#dev", User = "carol" }));
        Assert.Equal(ErrorCodes.NotPermitted, refused.Code);
    }

    [Fact]
    public async Task A_server_operator_bans_an_address_from_the_server_and_gets_a_confirmation()
    {
        await using var server = await TestServer.StartAsync(o => o with { Admins = ["root"] });
        var (root, rootEvents) = await EnterAsync(server, "root", account: true);
        await using var r = root;

        await root.ModerateAsync(new ModerationCommand { Action = ModerationAction.Ban, Address = "203.0.113.9", Reason = "flood" })
            .WaitAsync(Wait.Default);
        var confirmed = await rootEvents.WaitForAsync<ModerationConfirmed>();
        Assert.Equal(("ban", "root", "203.0.113.9", null, "flood"), (confirmed.Action, confirmed.By, confirmed.Address, confirmed.Room, confirmed.Reason));

        var local = await Assert.ThrowsAsync<ChatRequestException>(() =>
            root.ModerateAsync(new ModerationCommand { Action = ModerationAction.Kick, User = "bob" }));
        Assert.Contains("Room is required", local.Message, StringComparison.Ordinal);
    }
}
