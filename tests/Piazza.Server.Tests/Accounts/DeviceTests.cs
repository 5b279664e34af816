namespace Piazza.Server.Tests;

/// <summary>
/// Protocol §10, devices: one account, several sessions; each sees everything the account sees,
/// people are announced once, rooms persist between connections, and direct messages wait.
/// </summary>
public sealed class DeviceTests
{
    [Fact]
    public async Task Two_sessions_of_one_account_in_two_rooms_receive_each_other_s_messages()
    {
        await using var server = await TestServer.StartAsync();
        await using var laptop = await server.RegisterAsync("alice", rooms: AccountClients.Rooms("#dev"));
        await laptop.ExpectAsync<RoomFrame>(r => r.Room == "#dev");
        await using var phone = await server.SignInAsync("alice", rooms: AccountClients.Rooms("#ops"));
        await using var bob = await server.GuestAsync("bob", AccountClients.Rooms("#dev", "#ops"));

        // The phone named #ops; #dev, the account's other room, comes back too.
        await phone.ExpectAsync<RoomFrame>(r => r.Room == "#ops");
        await phone.ExpectAsync<RoomFrame>(r => r.Room == "#dev");
        // The laptop was in #dev only; the phone's join of #ops brought it there as well.
        await laptop.ExpectAsync<RoomFrame>(r => r.Room == "#ops");

        var fromLaptop = await laptop.SayInAsync("#dev", "from the laptop");
        var onPhone = await phone.ExpectAsync<MessageFrame>(m => m.Text == "from the laptop");
        var fromPhone = await phone.SayInAsync("#ops", "from the phone");
        var onLaptop = await laptop.ExpectAsync<MessageFrame>(m => m.Text == "from the phone");
        Assert.Equal(("alice", "#dev", fromLaptop.Id), (onPhone.From, onPhone.Room, onPhone.Id));
        Assert.Equal(("alice", "#ops", fromPhone.Id), (onLaptop.From, onLaptop.Room, onLaptop.Id));
        await bob.ExpectAsync<MessageFrame>(m => m.Text == "from the laptop");
        await bob.ExpectAsync<MessageFrame>(m => m.Text == "from the phone");

        // Each session got its own message as an ack only, never as a message.
        Assert.DoesNotContain(await laptop.SyncAsync(), f => f is MessageFrame { Text: "from the laptop" });
        Assert.DoesNotContain(phone.Received, f => f is MessageFrame { Text: "from the phone" });
    }

    [Fact]
    public async Task A_person_is_listed_once_joins_with_the_first_session_and_leaves_with_the_last()
    {
        await using var server = await TestServer.StartAsync();
        await using var bob = await server.GuestAsync("bob", AccountClients.Rooms("#dev"));
        await using var laptop = await server.RegisterAsync("alice", rooms: AccountClients.Rooms("#dev"));
        await bob.ExpectAsync<JoinedFrame>(j => j.User == "alice");

        var phone = await server.SignInAsync("alice", rooms: AccountClients.Rooms("#dev"));
        var phoneRoom = await phone.ExpectAsync<RoomFrame>(r => r.Room == "#dev");
        await bob.SendAsync(new WhoFrame("#dev"));
        var users = await bob.ExpectAsync<UsersFrame>();

        Assert.Equal(["alice", "bob"], phoneRoom.Users.Order(StringComparer.Ordinal));
        Assert.Equal(["alice", "bob"], users.Users.Order(StringComparer.Ordinal));

        // One device goes: nobody is told. The other goes: alice left.
        phone.Reset();
        await phone.DisposeAsync();
        await Eventually.TrueAsync(() => server.Server.MemberCount == 2, what: "the phone's session to end");
        Assert.DoesNotContain(await bob.SyncAsync(), f => f is LeftFrame or JoinedFrame);
        await laptop.SendAsync(ByeFrame.Instance);
        await bob.AssertLeftOnceAsync("alice", LeaveReasons.Quit);
        Assert.Single(bob.Received, f => f is JoinedFrame { User: "alice" });
    }

    [Fact]
    public async Task An_account_s_rooms_come_back_at_its_next_sign_in_and_a_part_takes_one_out_for_every_device()
    {
        await using var server = await TestServer.StartAsync();
        await using (var first = await server.RegisterAsync("alice"))
        {
            await first.JoinRoomAsync("#dev");
            await first.JoinRoomAsync("#ops");
            await first.JoinRoomAsync("#tmp");
            await first.SendAsync(new PartFrame("#tmp"));
            await first.ExpectAsync<LeftFrame>(l => l.Room == "#tmp");
            await first.SendAsync(ByeFrame.Instance);
            await first.ReadToEndAsync();
        }

        await using var again = await server.SignInAsync("alice", rooms: AccountClients.Rooms("#dev"));
        var rooms = new List<string>();
        foreach (var _ in Enumerable.Range(0, 3))
        {
            rooms.Add((await again.ExpectAsync<RoomFrame>()).Room);
        }

        Assert.Equal(["#dev", "#ops", "#piazza"], rooms.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(await again.SyncAsync(), f => f is RoomFrame { Room: "#tmp" });

        await using var phone = await server.SignInAsync("alice", rooms: AccountClients.Rooms());
        await phone.ExpectAsync<RoomFrame>(r => r.Room == "#ops");
        await again.SendAsync(new PartFrame("#ops"));
        var seenByPhone = await phone.ExpectAsync<LeftFrame>(l => l.Room == "#ops");
        Assert.Equal((LeaveReasons.Part, "alice"), (seenByPhone.Reason, seenByPhone.User));
        await phone.SendAsync(new SayFrame("still here?", "r1", "#ops"));
        Assert.Equal(ErrorCodes.NotInRoom, (await phone.ExpectErrorAsync(ErrorCodes.NotInRoom)).Code);
    }

    [Fact]
    public async Task A_direct_message_to_an_offline_account_waits_and_is_delivered_at_its_sign_in()
    {
        await using var server = await TestServer.StartAsync();
        await server.RegisterOfflineAsync("bob");
        await using var alice = await server.GuestAsync("alice", AccountClients.Rooms());

        var ack = await alice.SayInAsync("@bob", "are you there?");
        await alice.SendAsync(new SayFrame("hello?", "r2", "@nobody"));
        var nobody = await alice.ExpectErrorAsync(ErrorCodes.NoSuchUser);

        await using var bob = await server.SignInAsync("bob", rooms: AccountClients.Rooms());
        var room = await bob.ExpectAsync<RoomFrame>(r => r.Room == "@alice");
        var waiting = await bob.ExpectAsync<MessageFrame>(m => m.Room == "@alice");

        Assert.Equal("@bob", ack.Room);
        Assert.Equal("@nobody", nobody.Room);
        Assert.Equal((ack.Id, "alice", "are you there?", true), (waiting.Id, waiting.From, waiting.Text, waiting.Replay));
        Assert.Equal(["alice", "bob"], room.Users);

        // Live from now on, to every session of bob's.
        await alice.SayInAsync("@bob", "there you are");
        Assert.Equal("there you are", (await bob.ExpectAsync<MessageFrame>(m => !m.Replay)).Text);
    }

    [Fact]
    public async Task A_direct_message_reaches_every_session_of_the_account_and_its_other_sessions_see_what_it_sent()
    {
        await using var server = await TestServer.StartAsync();
        await using var laptop = await server.RegisterAsync("bob", rooms: AccountClients.Rooms());
        await using var phone = await server.SignInAsync("bob", rooms: AccountClients.Rooms());
        await using var alice = await server.GuestAsync("alice", AccountClients.Rooms());

        await alice.SayInAsync("@bob", "to both of them");
        await laptop.ExpectAsync<MessageFrame>(m => m.Text == "to both of them");
        await phone.ExpectAsync<MessageFrame>(m => m.Text == "to both of them");
        await laptop.SayInAsync("@alice", "answered from the laptop");

        var onPhone = await phone.ExpectAsync<MessageFrame>(m => m.Text == "answered from the laptop");
        Assert.Equal(("bob", "@alice"), (onPhone.From, onPhone.Room));
        await alice.ExpectAsync<MessageFrame>(m => m.Text == "answered from the laptop");
    }

    [Fact]
    public async Task A_resend_from_another_device_of_the_account_is_acknowledged_as_the_original()
    {
        await using var server = await TestServer.StartAsync();
        await using var laptop = await server.RegisterAsync("alice", rooms: AccountClients.Rooms("#dev"));
        await using var phone = await server.SignInAsync("alice", rooms: AccountClients.Rooms("#dev"));

        await laptop.SendAsync(new SayFrame("once", "shared-ref", "#dev"));
        var first = await laptop.ExpectAsync<AckFrame>();
        await phone.ExpectAsync<MessageFrame>(m => m.Text == "once");
        await phone.SendAsync(new SayFrame("once", "shared-ref", "#dev"));
        var again = await phone.ExpectAsync<AckFrame>();

        Assert.Equal((first.Id, first.Ts, first.Room), (again.Id, again.Ts, again.Room));
        Assert.DoesNotContain(await laptop.SyncAsync(), f => f is MessageFrame);
    }
}
