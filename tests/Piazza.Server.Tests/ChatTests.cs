namespace Piazza.Server.Tests;

/// <summary>Protocol §3: say, ack, message, who, ping.</summary>
public sealed class ChatTests
{
    [Fact]
    public async Task Two_members_chat_both_ways_and_the_sender_gets_an_ack()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.JoinAsync("alice");
        await using var bob = await server.JoinAsync("bob");
        await alice.ExpectAsync<JoinedFrame>(j => j.User == "bob");

        await alice.SendAsync(new SayFrame("ciao bob", "a-1"));
        var ack = await alice.ExpectAsync<AckFrame>();
        var message = await bob.ExpectAsync<MessageFrame>();
        Assert.Equal("a-1", ack.Ref);
        Assert.Equal(ack.Id, message.Id);
        Assert.Equal(ack.Ts, message.Ts);
        Assert.Equal(("alice", "ciao bob"), (message.From, message.Text));

        await bob.SendAsync(new SayFrame("ciao alice"));
        var reply = await alice.ExpectAsync<MessageFrame>();
        Assert.Equal(("bob", "ciao alice"), (reply.From, reply.Text));
        Assert.True(reply.Id > message.Id);
        Assert.Empty(server.Logs.Problems);
    }

    [Fact]
    public async Task The_sender_gets_an_ack_and_never_its_own_message()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.JoinAsync("alice");

        await alice.SayAsync("anyone?");
        var seen = await alice.SyncAsync();

        Assert.Empty(seen.OfType<MessageFrame>());
    }

    [Fact]
    public async Task A_say_without_ref_is_acked_without_ref()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.JoinAsync("alice");

        await alice.SendAsync(new SayFrame("no ref"));
        var ack = await alice.ExpectAsync<AckFrame>();

        Assert.Null(ack.Ref);
        Assert.True(ack.Id > 0);
    }

    [Fact]
    public async Task A_ref_of_64_characters_is_echoed_in_the_ack()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.JoinAsync("alice");
        var reference = new string('r', ProtocolLimits.MaxRefLength);

        var ack = await alice.SayAsync("with a long ref", reference);

        Assert.Equal(reference, ack.Ref);
    }

    [Fact]
    public async Task A_spoofed_from_field_is_ignored_and_the_message_carries_the_sessions_name()
    {
        await using var server = await TestServer.StartAsync();
        await using var mallory = await server.JoinAsync("mallory");
        await using var bob = await server.JoinAsync("bob");

        await mallory.SendLineAsync("""{"type":"say","from":"bob","user":"admin","text":"trust me","ref":"s"}""");
        var message = await bob.ExpectAsync<MessageFrame>();

        Assert.Equal("mallory", message.From);
        Assert.Equal("trust me", message.Text);
        Assert.Equal("s", (await mallory.ExpectAsync<AckFrame>()).Ref);
    }

    [Fact]
    public async Task Who_returns_every_member()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.JoinAsync("alice");
        await using var bob = await server.JoinAsync("Bob");
        await using var carol = await server.JoinAsync("carol");

        await bob.SendAsync(WhoFrame.Instance);
        var users = await bob.ExpectAsync<UsersFrame>();

        Assert.Equal(["alice", "Bob", "carol"], users.Users.Order(StringComparer.OrdinalIgnoreCase));
        Assert.Equal(["alice", "Bob", "carol"], carol.Received.OfType<WelcomeFrame>().Single().Users.Order(StringComparer.OrdinalIgnoreCase));

        // docs/protocol.md §8: the newcomer is last, also after a departure reordered the others.
        await alice.SendAsync(ByeFrame.Instance);
        await bob.ExpectAsync<LeftFrame>(l => l.User == "alice");
        await using var dave = await server.ConnectAsync();
        var welcome = await dave.JoinAsync("dave");
        Assert.Equal("dave", welcome.Users[^1]);
        Assert.Equal(["Bob", "carol", "dave"], welcome.Users.Order(StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Ping_gets_pong_before_and_after_joining()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();

        await client.SendAsync(PingFrame.Instance);
        await client.ExpectAsync<PongFrame>();
        await client.JoinAsync("pinger");
        await client.SendAsync(PingFrame.Instance);
        await client.ExpectAsync<PongFrame>();

        Assert.Equal(["pong", "welcome", "pong"], client.Received.Select(f => f.Type));
    }

    [Fact]
    public async Task A_pong_needs_no_answer_and_is_accepted_before_joining()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();

        await client.SendAsync(PongFrame.Instance);
        var seen = await client.SyncAsync();

        Assert.Empty(seen);
    }

    [Fact]
    public async Task Messages_allowed_by_the_rules_are_delivered_exactly_as_sent()
    {
        await using var server = await TestServer.StartAsync(o => o with { RateBurst = 50 });
        await using var alice = await server.JoinAsync("alice");
        await using var bob = await server.JoinAsync("bob");
        string[] texts =
        [
            "line one\nline two\ttabbed",
            "quotes \" and back\\slashes",
            "emoji 👩‍👩‍👧 and 中文 and é",
            "  padded  ",
            new string('x', 2000),
        ];

        foreach (var text in texts)
        {
            await alice.SayAsync(text);
            Assert.Equal(text, (await bob.ExpectAsync<MessageFrame>()).Text);
        }
    }
}
