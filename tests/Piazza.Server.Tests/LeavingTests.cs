namespace Piazza.Server.Tests;

/// <summary>Protocol §4: every departure is announced once, with the reason it happened.</summary>
public sealed class LeavingTests
{
    [Fact]
    public async Task Bye_closes_the_connection_and_everyone_else_sees_left_with_reason_quit_once()
    {
        await using var server = await TestServer.StartAsync();
        await using var watcher = await server.JoinAsync("watcher");
        await using var alice = await server.JoinAsync("alice");

        await alice.SendAsync(ByeFrame.Instance);
        var rest = await alice.ReadToEndAsync();

        Assert.Empty(rest);
        await watcher.AssertLeftOnceAsync("alice", LeaveReasons.Quit);
        await Eventually.TrueAsync(() => server.Server.ConnectionCount == 1);
        Assert.Equal(1, server.Server.MemberCount);
    }

    [Fact]
    public async Task A_client_whose_socket_closes_without_bye_is_announced_once_as_lost()
    {
        await using var server = await TestServer.StartAsync();
        await using var watcher = await server.JoinAsync("watcher");
        var alice = await server.JoinAsync("alice");

        alice.Socket.Shutdown(System.Net.Sockets.SocketShutdown.Both);
        await alice.DisposeAsync();

        await watcher.AssertLeftOnceAsync("alice", LeaveReasons.Lost);
        await Eventually.TrueAsync(() => server.Server.ConnectionCount == 1);
    }

    [Fact]
    public async Task A_client_whose_socket_is_reset_is_announced_once_as_lost()
    {
        await using var server = await TestServer.StartAsync();
        await using var watcher = await server.JoinAsync("watcher");
        var alice = await server.JoinAsync("alice");

        alice.Reset();

        await watcher.AssertLeftOnceAsync("alice", LeaveReasons.Lost);
        await Eventually.TrueAsync(() => server.Server.ConnectionCount == 1);
        Assert.Empty(server.Logs.Problems);
    }

    [Fact]
    public async Task A_client_process_that_is_killed_is_announced_once_as_lost()
    {
        await using var server = await TestServer.StartAsync();
        await using var watcher = await server.JoinAsync("watcher");

        // A separate process holds the connection, joins, and then dies without a word.
        await using var child = BashClient.Idle(server.Port, "doomed");
        await watcher.ExpectAsync<JoinedFrame>(j => j.User == "doomed");
        child.Signal(Signals.SigKill);

        await watcher.AssertLeftOnceAsync("doomed", LeaveReasons.Lost);
        Assert.Equal(1, server.Server.MemberCount);
    }

    [Fact]
    public async Task A_client_that_sends_its_frames_then_half_closes_like_a_piped_nc_gets_every_answer_before_the_end()
    {
        await using var server = await TestServer.StartAsync();
        await using var watcher = await server.JoinAsync("watcher");
        await using var piped = await server.ConnectAsync();

        await piped.SendRawAsync(RawLines.Bytes("""
            {"type":"hello","user":"piped"}
            {"type":"say","text":"from a pipe","ref":"p1"}
            {"type":"who"}
            """));
        piped.Socket.Shutdown(System.Net.Sockets.SocketShutdown.Send);
        var answers = await piped.ReadToEndAsync();

        Assert.Equal(["welcome", "ack", "users"], answers.Select(f => f.Type));
        Assert.Equal("from a pipe", (await watcher.ExpectAsync<MessageFrame>()).Text);
        await watcher.AssertLeftOnceAsync("piped", LeaveReasons.Lost);
    }

    [Fact]
    public async Task A_failed_send_to_one_client_never_removes_a_different_client()
    {
        const int Messages = 300;
        await using var server = await TestServer.StartAsync(o => o with { RateBurst = 1000 });
        await using var alice = await server.JoinAsync("alice");
        await using var bob = await server.JoinAsync("bob");
        await using var carol = await server.JoinAsync("carol");
        var dave = await RawClient.ConnectAsync(server.Port, receiveBufferBytes: 4096);
        await dave.JoinAsync("dave");
        await alice.ExpectAsync<JoinedFrame>(j => j.User == "dave");

        // Dave stops reading, so the server's writes to him are in flight when his socket is reset.
        var text = new string('d', 1500);
        var burst = Enumerable.Range(0, Messages).SelectMany(i => FrameWriter.ToBytes(new SayFrame(text, $"m{i}"))).ToArray();
        var sending = alice.SendRawAsync(burst);
        var bobReads = bob.ExpectCountAsync<MessageFrame>(Messages);
        var carolReads = carol.ExpectCountAsync<MessageFrame>(Messages);
        await Eventually.TrueAsync(() => bob.Received.Count(f => f is MessageFrame) >= Messages / 3, what: "a third of the burst at bob");
        dave.Reset();
        await sending;
        await Task.WhenAll(bobReads, carolReads, alice.ExpectCountAsync<AckFrame>(Messages));

        Assert.Equal(Enumerable.Range(0, Messages).Select(i => $"m{i}"), alice.Received.OfType<AckFrame>().Select(a => a.Ref));
        foreach (var member in new[] { alice, bob, carol })
        {
            if (!member.Received.Any(f => f is LeftFrame))
            {
                await member.ExpectAsync<LeftFrame>();
            }

            await member.SyncAsync();
            var left = Assert.Single(member.Received.OfType<LeftFrame>());
            Assert.Equal(("dave", LeaveReasons.Lost), (left.User, left.Reason));
        }

        Assert.Equal(3, server.Server.MemberCount);
        await bob.SayAsync("still here");
        Assert.Equal("still here", (await carol.ExpectAsync<MessageFrame>(m => m.From == "bob")).Text);
        Assert.Equal(Messages, carol.Received.Count(f => f is MessageFrame m && m.From == "alice"));
        Assert.Empty(server.Logs.Problems);
    }
}
