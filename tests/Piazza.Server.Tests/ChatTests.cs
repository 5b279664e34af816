namespace Piazza.Server.Tests;

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
        Assert.Equal(("alice", "ciao bob"), (message.From, message.Text));

        await bob.SendAsync(new SayFrame("ciao alice"));
        var reply = await alice.ExpectAsync<MessageFrame>();
        Assert.Equal(("bob", "ciao alice"), (reply.From, reply.Text));
        Assert.True(reply.Id > message.Id);
        Assert.Empty(server.Logs.Problems);
    }
}
