namespace Piazza.Server.Tests;

/// <summary>Protocol §9 and §15: a resent ref is the same message, per sender, also after a restart.</summary>
public sealed class DedupeTests
{
    [Fact]
    public async Task A_repeated_ref_is_acked_with_the_original_room_id_and_ts_and_delivered_once()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.EnterAsync("alice", "#dev", "#ops");
        await using var bob = await server.EnterAsync("bob", "#dev", "#ops");

        var first = await alice.SayInAsync("#dev", "only once", "c-1");
        var again = await alice.SayInAsync("#dev", "only once", "c-1");
        var elsewhere = await alice.SayInAsync("#ops", "a different text", "c-1");
        await alice.SayInAsync("#dev", "marker");
        var atBob = await bob.FramesUntilAsync<MessageFrame>(m => m.Text == "marker");

        Assert.Equal(first, again);
        Assert.Equal(first, elsewhere);
        Assert.Equal(("#dev", "c-1"), (first.Room, first.Ref));
        Assert.Equal(["only once", "marker"], atBob.OfType<MessageFrame>().Select(m => m.Text));
        var history = await bob.HistoryAsync("#ops");
        Assert.DoesNotContain(history.Events!, e => e is MessageFrame);
    }

    [Fact]
    public async Task Dedupe_is_per_sender_so_two_people_may_use_the_same_ref()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.EnterAsync("alice", "#dev");
        await using var bob = await server.EnterAsync("bob", "#dev");
        await using var carol = await server.EnterAsync("carol", "#dev");

        var fromAlice = await alice.SayInAsync("#dev", "alice's first", "c-1");
        var fromBob = await bob.SayInAsync("#dev", "bob's first", "c-1");
        var atCarol = await carol.FramesUntilAsync<MessageFrame>(m => m.From == "bob");

        Assert.NotEqual(fromAlice.Id, fromBob.Id);
        Assert.Equal(["alice's first", "bob's first"], atCarol.OfType<MessageFrame>().Select(m => m.Text));
    }

    [Fact]
    public async Task A_repeated_ref_in_a_conversation_is_acked_with_the_senders_name_for_it_and_delivered_once()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.EnterAsync("alice");
        await using var bob = await server.EnterAsync("bob");

        var first = await alice.SayInAsync("@bob", "psst", "d-1");
        var again = await alice.SayInAsync("@bob", "psst", "d-1");
        await alice.SayInAsync("@bob", "marker");
        var atBob = await bob.FramesUntilAsync<MessageFrame>(m => m.Text == "marker");

        Assert.Equal(first, again);
        Assert.Equal("@bob", again.Room);
        Assert.Equal(["psst", "marker"], atBob.OfType<MessageFrame>().Select(m => m.Text));
    }

    [Fact]
    public async Task A_ref_resent_after_a_restart_on_the_same_data_directory_is_acked_with_the_original_and_not_stored_again()
    {
        using var data = new TempDataDirectory();
        AckFrame original, dm;
        await using (var server = await TestServer.StartAsync(data.Sqlite))
        {
            await using var alice = await server.EnterAsync("alice", "#dev");
            await using var bob = await server.EnterAsync("bob", "#dev");
            original = await alice.SayInAsync("#dev", "sent before the crash", "r-1");
            dm = await alice.SayInAsync("@bob", "also before", "r-2");
        }

        await using var restarted = await TestServer.StartAsync(data.Sqlite);
        await using var bob2 = await restarted.EnterAsync("bob", "#dev");
        await using var alice2 = await restarted.EnterAsync("alice", "#dev");

        // The client did not see its acks, so it resends both with the same refs.
        var again = await alice2.SayInAsync("#dev", "sent before the crash", "r-1");
        var dmAgain = await alice2.SayInAsync("@bob", "also before", "r-2");
        await alice2.SayInAsync("#dev", "marker");
        var atBob = await bob2.FramesUntilAsync<MessageFrame>(m => m.Text == "marker");
        var history = await bob2.HistoryAsync("#dev");
        var conversation = await bob2.HistoryAsync("@alice");

        Assert.Equal(original, again);
        Assert.Equal(dm, dmAgain);
        Assert.Equal(["marker"], atBob.OfType<MessageFrame>().Where(m => !m.Replay).Select(m => m.Text));
        Assert.Single(history.Events!, e => e is MessageFrame { Text: "sent before the crash" });
        Assert.Single(conversation.Events!);
    }
}
