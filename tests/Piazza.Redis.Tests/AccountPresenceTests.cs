using Piazza.Protocol;
using Piazza.Redis.Tests.Support;
using Piazza.Testing;

namespace Piazza.Redis.Tests;

/// <summary>
/// An account signed in on two nodes is one person in a room: announced <c>joined</c> when its
/// first session anywhere enters, <c>left</c> when its last session anywhere goes, and listed by
/// every node while any session of it is in the room.
/// </summary>
public sealed class AccountPresenceTests(ITestOutputHelper output)
{
    private const string Room = "#p";
    private const string Password = "correct horse battery";

    [Fact]
    public async Task An_account_with_sessions_on_two_nodes_is_announced_joined_once_and_left_once_with_its_last_session()
    {
        Assert.SkipWhen(RedisServer.Missing is not null, RedisServer.Missing ?? "");
        await using var redis = await RedisServer.StartAsync();
        var nodes = await Nodes.StartAsync(redis, 2);
        try
        {
            await using var bob = await nodes[0].ConnectAsync();
            await bob.EnterAsync("bob", Room);
            await using var dave = await nodes[1].ConnectAsync();
            await dave.EnterAsync("dave", Room);

            // Alice's laptop on node A, then her phone on node B.
            await using var laptop = await SignInAsync(nodes[0], "alice", register: true);
            await bob.ExpectAsync<JoinedFrame>(j => j.User == "alice");
            await using var phone = await SignInAsync(nodes[1], "alice", register: false);
            var phoneRoom = await phone.ExpectAsync<RoomFrame>(r => r.Room == Room);
            Assert.Contains("alice", phoneRoom.Users);

            // A message from the phone comes after any joined its node could have stored.
            var fromPhone = await phone.SayInAsync(Room, "from the phone");
            await SeenAsync(bob, fromPhone.Id);
            await SeenAsync(dave, fromPhone.Id);
            Assert.Single(bob.Received, f => f is JoinedFrame { User: "alice" });
            Assert.Single(dave.Received, f => f is JoinedFrame { User: "alice" });

            // The first session (the laptop, node A) goes: nobody is told, and both nodes still list her.
            await laptop.SendAsync(ByeFrame.Instance);
            await laptop.ReadToEndAsync();
            var afterLaptop = await phone.SayInAsync(Room, "the laptop is gone");
            await SeenAsync(bob, afterLaptop.Id);
            await SeenAsync(dave, afterLaptop.Id);
            Assert.DoesNotContain(bob.Received, f => f is LeftFrame { User: "alice" });
            Assert.DoesNotContain(dave.Received, f => f is LeftFrame { User: "alice" });
            Assert.Contains("alice", await WhoAsync(bob));
            Assert.Contains("alice", await WhoAsync(dave));

            // The last session (the phone, node B) goes: alice left, once, everywhere.
            await phone.SendAsync(ByeFrame.Instance);
            await phone.ReadToEndAsync();
            var left = await bob.ExpectAsync<LeftFrame>(l => l.User == "alice", TimeSpan.FromSeconds(60));
            await dave.ExpectAsync<LeftFrame>(l => l.User == "alice", TimeSpan.FromSeconds(60));
            var last = await bob.SayInAsync(Room, "after alice");
            await SeenAsync(dave, last.Id);
            Assert.Equal(LeaveReasons.Quit, left.Reason);
            Assert.Single(bob.Received, f => f is LeftFrame { User: "alice" });
            Assert.Single(dave.Received, f => f is LeftFrame { User: "alice" });
            Assert.DoesNotContain("alice", await WhoAsync(bob));
            Assert.DoesNotContain("alice", await WhoAsync(dave));
            output.WriteLine($"alice: 1 joined, 1 left (id {left.Id}) seen on each node");
        }
        finally
        {
            await Nodes.StopAsync(nodes);
        }
    }

    [Fact]
    public async Task Sessions_of_one_account_entering_on_two_nodes_at_once_are_announced_once()
    {
        Assert.SkipWhen(RedisServer.Missing is not null, RedisServer.Missing ?? "");
        await using var redis = await RedisServer.StartAsync();
        var nodes = await Nodes.StartAsync(redis, 2);
        try
        {
            await using var bob = await nodes[0].ConnectAsync();
            await bob.EnterAsync("bob", Room);
            const int Rounds = 5;
            for (var round = 0; round < Rounds; round++)
            {
                var name = $"carol{round}";
                await using (var registering = await SignInAsync(nodes[0], name, register: true))
                {
                    await registering.SendAsync(ByeFrame.Instance);
                    await registering.ReadToEndAsync();
                }

                await bob.ExpectAsync<LeftFrame>(l => l.User == name, TimeSpan.FromSeconds(60));
                var start = bob.Received.Count;

                // The account exists: its two sessions enter together, one per node, and go one after the other.
                var sessions = await Task.WhenAll(nodes.Select(n => SignInAsync(n, name, register: false)));
                foreach (var s in sessions)
                {
                    await s.ExpectAsync<RoomFrame>(r => r.Room == Room);
                }

                var said = await sessions[0].SayInAsync(Room, $"{name} is in");
                await SeenAsync(bob, said.Id);
                foreach (var s in sessions)
                {
                    await s.SendAsync(ByeFrame.Instance);
                    await s.ReadToEndAsync();
                    await s.DisposeAsync();
                }

                await bob.ExpectAsync<LeftFrame>(l => l.User == name, TimeSpan.FromSeconds(60));
                var after = await bob.SayInAsync(Room, $"after {name}");
                await SeenAsync(bob, after.Id);
                var seen = bob.Received.Skip(start).ToList();
                Assert.Single(seen, f => f is JoinedFrame j && j.User == name);
                Assert.Single(seen, f => f is LeftFrame l && l.User == name);
            }

            output.WriteLine($"{Rounds} rounds of one account entering on two nodes at once: one joined and one left each time.");
        }
        finally
        {
            await Nodes.StopAsync(nodes);
        }
    }

    private static async Task<RawClient> SignInAsync(TestServer node, string user, bool register)
    {
        var client = await node.ConnectAsync();
        await client.SendAsync(new HelloFrame(user, 2, "piazza-tests", Rooms: new Dictionary<string, RoomCursor> { [Room] = RoomCursor.None }, Password: Password, Register: register ? true : null));
        var answer = await client.ExpectAsync<Frame>(f => f is WelcomeFrame or ErrorFrame);
        if (answer is ErrorFrame error)
        {
            throw new InvalidOperationException($"Sign-in as '{user}' refused: {error.Code}: {error.Message}");
        }

        return client;
    }

    /// <summary>Reads until the event or ack with <paramref name="id"/> in the room has come (events come in id order).</summary>
    private static async Task SeenAsync(RawClient client, long id)
    {
        while (!client.Received.Any(f => f is AckFrame { Room: Room } a && a.Id >= id || RoomEvents.IsEvent(f) && RoomEvents.RoomOf(f) == Room && RoomEvents.IdOf(f) >= id))
        {
            await client.ReceiveAsync(TimeSpan.FromSeconds(60));
        }
    }

    private static async Task<IReadOnlyList<string>> WhoAsync(RawClient client)
    {
        await client.SendAsync(new WhoFrame(Room));
        var users = await client.ExpectAsync<UsersFrame>(u => u.Room == Room);
        return users.Users;
    }
}
