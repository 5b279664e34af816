namespace Piazza.Server.Tests;

/// <summary>Protocol §12 through the real server: operators, kick, ban, mute, their undo, all stored.</summary>
public sealed class ModerationTests
{
    [Fact]
    public async Task A_room_s_creator_is_its_operator_and_can_kick_with_a_reason_everyone_sees()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.RegisterAsync("alice", rooms: AccountClients.Rooms("#dev"));
        var created = await alice.ExpectAsync<RoomFrame>(r => r.Room == "#dev");
        await using var bob = await server.GuestAsync("bob", AccountClients.Rooms("#dev"));
        var joined = await bob.ExpectAsync<RoomFrame>(r => r.Room == "#dev");
        await using var carol = await server.GuestAsync("carol", AccountClients.Rooms("#dev"));

        await alice.SendAsync(new ModerationFrame(FrameTypes.Kick, "#dev", "bob", Reason: "spam"));

        var seenByAlice = await alice.ExpectAsync<LeftFrame>(l => l.User == "bob");
        var seenByBob = await bob.ExpectAsync<LeftFrame>(l => l.User == "bob");
        var seenByCarol = await carol.ExpectAsync<LeftFrame>(l => l.User == "bob");
        Assert.Equal(["alice"], created.Operators);
        Assert.Equal(["alice"], joined.Operators);
        Assert.Equal((LeaveReasons.Kicked, "alice", "spam", "#dev"), (seenByCarol.Reason, seenByCarol.By, seenByCarol.Note, seenByCarol.Room));
        Assert.Equal(seenByCarol, seenByAlice);
        Assert.Equal(seenByCarol, seenByBob);
        await bob.SendAsync(new SayFrame("back?", "r1", "#dev"));
        await bob.ExpectErrorAsync(ErrorCodes.NotInRoom);
    }

    [Fact]
    public async Task Anything_a_member_may_not_do_is_not_permitted()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.RegisterAsync("alice", rooms: AccountClients.Rooms("#dev"));
        await using var dave = await server.RegisterAsync("dave", rooms: AccountClients.Rooms("#dev"));
        await using var guest = await server.GuestAsync("bob", AccountClients.Rooms("#dev"));

        await guest.SendAsync(new ModerationFrame(FrameTypes.Kick, "#dev", "alice"));
        var byGuest = await guest.ExpectErrorAsync(ErrorCodes.NotPermitted);
        await dave.SendAsync(new ModerationFrame(FrameTypes.Ban, "#dev", "bob"));
        var byMember = await dave.ExpectErrorAsync(ErrorCodes.NotPermitted);
        await alice.SendAsync(new ModerationFrame(FrameTypes.Ban, User: "bob"));
        var serverWide = await alice.ExpectErrorAsync(ErrorCodes.NotPermitted);
        await alice.SendAsync(new ModerationFrame(FrameTypes.Op, "#dev", "bob"));
        var guestOp = await alice.ExpectErrorAsync(ErrorCodes.NoSuchUser);
        await alice.SendAsync(new ModerationFrame(FrameTypes.Kick, "#dev", "nobody"));
        var absent = await alice.ExpectErrorAsync(ErrorCodes.NoSuchUser);
        await alice.SendAsync(new ModerationFrame(FrameTypes.Ban, "#dev", Address: "not an address"));
        var badAddress = await alice.ExpectErrorAsync(ErrorCodes.BadFrame);

        Assert.Equal("#dev", byGuest.Room);
        Assert.Contains("not an operator of #dev", byMember.Message, StringComparison.Ordinal);
        Assert.Contains("server operators", serverWide.Message, StringComparison.Ordinal);
        Assert.Contains("registered accounts", guestOp.Message, StringComparison.Ordinal);
        Assert.Contains("not in #dev", absent.Message, StringComparison.Ordinal);
        Assert.Contains("'address'", badAddress.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(await guest.SyncAsync(), f => f is LeftFrame or ModFrame);
    }

    [Fact]
    public async Task A_ban_removes_the_member_keeps_them_out_with_its_end_and_an_unban_lets_them_in()
    {
        var clock = TestServer.NewFakeClock();
        await using var server = await TestServer.StartAsync(time: clock);
        await using var alice = await server.RegisterAsync("alice", rooms: AccountClients.Rooms("#dev"));
        await using var bob = await server.GuestAsync("bob", AccountClients.Rooms("#dev"));
        await alice.ExpectAsync<JoinedFrame>(j => j.User == "bob");

        await alice.SendAsync(new ModerationFrame(FrameTypes.Ban, "#dev", "bob", Duration: 15, Reason: "spam"));
        var ban = await bob.ExpectAsync<ModFrame>();
        var left = await bob.ExpectAsync<LeftFrame>(l => l.User == "bob");
        await bob.SendAsync(new JoinFrame("#dev"));
        var refused = await bob.ExpectErrorAsync(ErrorCodes.NotPermitted);

        Assert.Equal((FrameTypes.Ban, "alice", "bob", 15L, "spam", "#dev"), (ban.Action, ban.By, ban.User, ban.Duration, ban.Reason, ban.Room));
        Assert.NotNull(ban.Id);
        Assert.Equal((LeaveReasons.Kicked, "spam"), (left.Reason, left.Note));
        Assert.Contains("banned from #dev until", refused.Message, StringComparison.Ordinal);
        Assert.Contains("(by alice: spam)", refused.Message, StringComparison.Ordinal);
        Assert.Equal("#dev", refused.Room);

        // Its 15 seconds pass (less than the ping interval: nobody is pinged or dropped meanwhile).
        clock.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal("#dev", (await bob.JoinRoomAsync("#dev")).Room.Room);
        await bob.SendAsync(new PartFrame("#dev"));
        await bob.ExpectAsync<LeftFrame>(l => l.User == "bob" && l.Reason == LeaveReasons.Part);

        // For good, then lifted.
        await alice.SendAsync(new ModerationFrame(FrameTypes.Ban, "#dev", "bob"));
        await alice.ExpectAsync<ModFrame>(m => m.Action == FrameTypes.Ban && m.Duration is null);
        await bob.SendAsync(new JoinFrame("#dev"));
        Assert.Contains("for good", (await bob.ExpectErrorAsync(ErrorCodes.NotPermitted)).Message, StringComparison.Ordinal);
        await alice.SendAsync(new ModerationFrame(FrameTypes.Unban, "#dev", "bob"));
        await alice.ExpectAsync<ModFrame>(m => m.Action == FrameTypes.Unban);
        Assert.Equal("#dev", (await bob.JoinRoomAsync("#dev")).Room.Room);

        // Lifting what is not there changes nothing: a confirmation for the operator alone.
        await alice.SendAsync(new ModerationFrame(FrameTypes.Unban, "#dev", "bob"));
        var nothing = await alice.ExpectAsync<ModFrame>(m => m.Action == FrameTypes.Unban && m.Id is null);
        Assert.Equal("#dev", nothing.Room);
    }

    [Fact]
    public async Task A_muted_member_reads_but_cannot_speak_or_set_the_topic_until_unmuted()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.RegisterAsync("alice", rooms: AccountClients.Rooms("#dev"));
        await using var bob = await server.GuestAsync("bob", AccountClients.Rooms("#dev"));

        await alice.SendAsync(new ModerationFrame(FrameTypes.Mute, "#dev", "bob", Duration: 600));
        var mute = await bob.ExpectAsync<ModFrame>(m => m.Action == FrameTypes.Mute);
        await bob.SendAsync(new SayFrame("let me speak", "r1", "#dev"));
        var refused = await bob.ExpectErrorAsync(ErrorCodes.NotPermitted);
        await bob.SendAsync(new TopicFrame("#dev", "mine now"));
        await bob.ExpectErrorAsync(ErrorCodes.NotPermitted);
        await alice.SayInAsync("#dev", "you can still read this");
        await bob.ExpectAsync<MessageFrame>(m => m.Text == "you can still read this");

        Assert.Equal(600, mute.Duration);
        Assert.Equal(("r1", "#dev"), (refused.Ref, refused.Room));
        Assert.Contains("muted in #dev until", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(await alice.SyncAsync(), f => f is MessageFrame { Text: "let me speak" });

        await alice.SendAsync(new ModerationFrame(FrameTypes.Unmute, "#dev", "bob"));
        await bob.ExpectAsync<ModFrame>(m => m.Action == FrameTypes.Unmute);
        await bob.SayInAsync("#dev", "thanks");
    }

    [Fact]
    public async Task Operators_make_others_operators_and_room_frames_list_them()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.RegisterAsync("alice", rooms: AccountClients.Rooms("#dev"));
        await using var carol = await server.RegisterAsync("carol", rooms: AccountClients.Rooms("#dev"));
        await using var bob = await server.GuestAsync("bob", AccountClients.Rooms("#dev"));

        await alice.SendAsync(new ModerationFrame(FrameTypes.Op, "#dev", "carol"));
        var op = await bob.ExpectAsync<ModFrame>(m => m.Action == FrameTypes.Op);
        await carol.ExpectAsync<ModFrame>(m => m.Action == FrameTypes.Op);
        await carol.SendAsync(new ModerationFrame(FrameTypes.Kick, "#dev", "bob"));
        await bob.ExpectAsync<LeftFrame>(l => l.User == "bob" && l.By == "carol");
        var rejoined = await bob.JoinRoomAsync("#dev");

        Assert.Equal(("alice", "carol"), (op.By, op.User));
        Assert.Equal(["alice", "carol"], rejoined.Room.Operators);

        await carol.SendAsync(new ModerationFrame(FrameTypes.Deop, "#dev", "alice"));
        await bob.ExpectAsync<ModFrame>(m => m.Action == FrameTypes.Deop && m.User == "alice");
        await alice.SendAsync(new ModerationFrame(FrameTypes.Kick, "#dev", "bob"));
        Assert.Contains("not an operator", (await alice.ExpectErrorAsync(ErrorCodes.NotPermitted)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_operator_bans_a_name_from_the_server_the_session_is_told_why_and_closed_and_the_rooms_see_it_kicked()
    {
        await using var server = await TestServer.StartAsync(o => o with { Admins = ["root"] });
        await using var root = await server.RegisterAsync("root", rooms: AccountClients.Rooms());
        await using var alice = await server.GuestAsync("alice", AccountClients.Rooms("#dev"));
        await using var bob = await server.GuestAsync("bob", AccountClients.Rooms("#dev"));

        await root.SendAsync(new ModerationFrame(FrameTypes.Ban, User: "bob", Reason: "flood"));
        var confirmation = await root.ExpectAsync<ModFrame>();
        var end = await bob.ReadToEndAsync();
        var left = await alice.ExpectAsync<LeftFrame>(l => l.User == "bob");

        Assert.Equal((FrameTypes.Ban, "root", "bob", "flood", (string?)null, (long?)null), (confirmation.Action, confirmation.By, confirmation.User, confirmation.Reason, confirmation.Room, confirmation.Id));
        var told = Assert.IsType<ErrorFrame>(end[^1]);
        Assert.Equal(ErrorCodes.NotPermitted, told.Code);
        Assert.Contains("banned from this server for good (by root: flood)", told.Message, StringComparison.Ordinal);
        Assert.Equal((LeaveReasons.Kicked, "root", "flood"), (left.Reason, left.By, left.Note));

        await using var again = await server.ConnectAsync();
        await again.SendAsync(new HelloFrame("bob", 2));
        Assert.Contains("banned from this server", (await again.ExpectErrorAsync(ErrorCodes.NotPermitted)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_address_ban_keeps_every_name_from_that_address_out_and_no_room_learns_the_address()
    {
        await using var server = await TestServer.StartAsync(o => o with { Admins = ["root"] });
        await using var root = await server.RegisterAsync("root", rooms: AccountClients.Rooms("#dev"));
        var local = System.Net.IPAddress.Parse("127.0.0.9");
        await using var bob = await RawClient.ConnectAsync(server.Port, local: local);
        await bob.SendAsync(new HelloFrame("bob", 2, Rooms: AccountClients.Rooms("#dev")));
        await bob.ExpectAsync<RoomFrame>(r => r.Room == "#dev");
        await using var alice = await server.GuestAsync("alice", AccountClients.Rooms("#dev"));

        await root.SendAsync(new ModerationFrame(FrameTypes.Ban, "#dev", Address: "127.0.0.9", Reason: "sock puppets"));
        var confirmation = await root.ExpectAsync<ModFrame>(m => m.Id is null);
        var left = await alice.ExpectAsync<LeftFrame>(l => l.User == "bob");
        await using var puppet = await RawClient.ConnectAsync(server.Port, local: local);
        await puppet.SendAsync(new HelloFrame("carol", 2, Rooms: AccountClients.Rooms("#dev")));
        var refused = await puppet.ExpectErrorAsync(ErrorCodes.NotPermitted);

        Assert.Equal(("127.0.0.9", "#dev"), (confirmation.Address, confirmation.Room));
        Assert.Equal((LeaveReasons.Kicked, "root", "sock puppets"), (left.Reason, left.By, left.Note));
        Assert.Equal("#dev", refused.Room);
        Assert.DoesNotContain(alice.Received, f => f is ModFrame);
        Assert.DoesNotContain("127.0.0.9", string.Concat(alice.Received.Select(f => f.ToString())), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_room_operator_cannot_touch_a_server_operator()
    {
        await using var server = await TestServer.StartAsync(o => o with { Admins = ["root"] });
        await using var alice = await server.RegisterAsync("alice", rooms: AccountClients.Rooms("#dev"));
        await using var root = await server.RegisterAsync("root", rooms: AccountClients.Rooms("#dev"));

        await alice.SendAsync(new ModerationFrame(FrameTypes.Kick, "#dev", "root"));
        var kick = await alice.ExpectErrorAsync(ErrorCodes.NotPermitted);
        await root.SendAsync(new ModerationFrame(FrameTypes.Mute, "#dev", "alice"));
        await alice.ExpectAsync<ModFrame>(m => m.Action == FrameTypes.Mute && m.By == "root");

        Assert.Contains("server operator", kick.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kicks_bans_mutes_and_operators_survive_a_restart()
    {
        var dataDir = Directory.CreateTempSubdirectory("piazza-moderation-").FullName;
        try
        {
            await using (var server = await TestServer.StartAsync(o => o with { Store = StoreNames.Sqlite, DataDir = dataDir }))
            {
                await using var alice = await server.RegisterAsync("alice", rooms: AccountClients.Rooms("#dev"));
                await using var carol = await server.RegisterAsync("carol", rooms: AccountClients.Rooms("#dev"));
                await using var bob = await server.GuestAsync("bob", AccountClients.Rooms("#dev"));
                await using var dave = await server.GuestAsync("dave", AccountClients.Rooms("#dev"));
                await alice.SendAsync(new ModerationFrame(FrameTypes.Kick, "#dev", "dave", Reason: "rude"));
                await alice.ExpectAsync<LeftFrame>(l => l.User == "dave");
                await alice.SendAsync(new ModerationFrame(FrameTypes.Mute, "#dev", "carol"));
                await alice.ExpectAsync<ModFrame>(m => m.Action == FrameTypes.Mute);
                await alice.SendAsync(new ModerationFrame(FrameTypes.Ban, "#dev", "bob", Reason: "spam"));
                await alice.ExpectAsync<LeftFrame>(l => l.User == "bob");
            }

            await using var restarted = await TestServer.StartAsync(o => o with { Store = StoreNames.Sqlite, DataDir = dataDir });
            await using var bobAgain = await restarted.GuestAsync("bob", AccountClients.Rooms());
            await bobAgain.SendAsync(new JoinFrame("#dev"));
            var banned = await bobAgain.ExpectErrorAsync(ErrorCodes.NotPermitted);
            await using var carolAgain = await restarted.SignInAsync("carol");
            var room = await carolAgain.ExpectAsync<RoomFrame>(r => r.Room == "#dev");
            await carolAgain.SendAsync(new SayFrame("am I heard?", "r1", "#dev"));
            var muted = await carolAgain.ExpectErrorAsync(ErrorCodes.NotPermitted);
            await using var daveAgain = await restarted.GuestAsync("dave", AccountClients.Rooms("#dev"));
            await carolAgain.SendAsync(new HistoryFrame("#dev"));
            var history = await carolAgain.ExpectAsync<HistoryFrame>(h => h.Events is not null);

            Assert.Contains("(by alice: spam)", banned.Message, StringComparison.Ordinal);
            Assert.Equal(["alice"], room.Operators);
            Assert.Contains("muted in #dev for good", muted.Message, StringComparison.Ordinal);
            var kicked = Assert.Single(history.Events!.OfType<LeftFrame>(), l => l.User == "dave");
            Assert.Equal((LeaveReasons.Kicked, "alice", "rude"), (kicked.Reason, kicked.By, kicked.Note));
            Assert.Contains(history.Events!.OfType<ModFrame>(), m => m.Action == FrameTypes.Ban && m.User == "bob" && m.Reason == "spam");
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }
}
