namespace Piazza.Server.Tests;

/// <summary>Protocol §15: after bye a member receives every event stored before its left, then the connection closes.</summary>
public sealed class GoodbyeTests
{
    [Fact]
    public async Task After_bye_a_member_receives_every_event_stored_before_its_left_and_nothing_after()
    {
        const int Burst = 1000;
        await using var server = await TestServer.StartAsync(o => o with { RateBurst = 10_000 });
        await using var watcher = await server.EnterAsync("watcher", "#dev");
        await using var bob = await server.EnterAsync("bob", "#dev");
        await using var alice = await server.ConnectAsync();
        var since = (await alice.EnterAsync("alice", "#dev"))["#dev"].Room.LastId;

        // Bob's burst is being stored and delivered while alice's bye arrives: her left often lands in the middle of it.
        var burst = Enumerable.Range(0, Burst).SelectMany(i => FrameWriter.ToBytes(new SayFrame($"b{i}", $"b{i}", "#dev"))).ToArray();
        await bob.SendRawAsync(burst);
        await watcher.ExpectAsync<MessageFrame>(m => m.Text == "b0");
        await alice.SendAsync(ByeFrame.Instance);
        var rest = await alice.ReadToEndAsync();
        var left = await watcher.ExpectAsync<LeftFrame>(l => l.User == "alice");

        Assert.Equal(LeaveReasons.Quit, left.Reason);
        var ids = alice.Received.LiveIn("#dev").Select(RoomEvents.IdOf).ToList();
        Assert.Equal(Enumerable.Range(1, (int)(left.Id - since - 1)).Select(i => since + i), ids);
        Assert.DoesNotContain(rest, f => f is LeftFrame or ErrorFrame);
        await bob.ExpectAsync<AckFrame>(a => a.Ref == $"b{Burst - 1}");
    }
}
