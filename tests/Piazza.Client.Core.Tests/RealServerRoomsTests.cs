using Piazza.Protocol;
using Piazza.Server;
using Piazza.Testing;

namespace Piazza.Client.Core.Tests;

/// <summary>Rooms, direct conversations and scrollback against the real server.</summary>
public sealed class RealServerRoomsTests
{
    private static ServerOptions Fast(ServerOptions options) => options with { RateBurst = 1000, RatePerSecond = 1000 };

    private static async Task<(ChatClient Client, EventRecorder Events)> ConnectAsync(TestServer server, string user)
    {
        var client = new ChatClient();
        var events = new EventRecorder(client);
        Assert.True((await client.ConnectAsync(Options.For(server.Port, user)).WaitAsync(Wait.Default)).Succeeded);
        await Eventually.TrueAsync(() => client.FindRoom(Fake.Room)?.IsJoined == true, what: user + " in the room");
        return (client, events);
    }

    [Fact]
    public async Task Two_people_in_two_rooms_and_a_direct_conversation()
    {
        await using var server = await TestServer.StartAsync(Fast);
        var (alice, aliceEvents) = await ConnectAsync(server, "alice");
        await using var _ = alice;
        var (bob, bobEvents) = await ConnectAsync(server, "bob");
        await using var __ = bob;

        var dev = await alice.JoinAsync("#Dev").WaitAsync(Wait.Default);
        await bob.JoinAsync("#dev").WaitAsync(Wait.Default);
        await alice.SetTopicAsync("#dev", "release friday").WaitAsync(Wait.Default);
        Assert.True((await alice.SendAsync("#dev", "in dev").WaitAsync(Wait.Default)).Succeeded);
        Assert.True((await alice.SendAsync("@Bob", "just you").WaitAsync(Wait.Default)).Succeeded);

        Assert.Equal("#dev", dev.Room);
        Assert.Equal(["alice"], dev.Users);
        Assert.Equal(new TopicChanged("#dev", 3, default, "alice", "release friday"), (await bobEvents.WaitForAsync<TopicChanged>()) with { Ts = default });
        Assert.Equal(("#dev", "alice", "in dev"), Said(await bobEvents.WaitForAsync<MessageReceived>(m => m.Room == "#dev")));
        var conversation = await bobEvents.WaitForAsync<RoomOpened>(o => o.Room.IsDirect);
        Assert.Equal("@alice", conversation.Room.Room);
        Assert.Equal(["alice", "bob"], conversation.Room.Users);
        Assert.Equal(("@alice", "alice", "just you"), Said(await bobEvents.WaitForAsync<MessageReceived>(m => m.Room == "@alice")));
        Assert.True((await bob.SendAsync("@alice", "got it").WaitAsync(Wait.Default)).Succeeded);
        Assert.Equal(("@bob", "bob", "got it"), Said(await aliceEvents.WaitForAsync<MessageReceived>(m => m.Text == "got it")));
        Assert.Equal("release friday", bob.FindRoom("#dev")!.Topic);
        Assert.Equal([Fake.Room, "#dev", "@alice"], bob.Rooms.Select(r => r.Room));

        var listed = await alice.ListRoomsAsync().WaitAsync(Wait.Default);
        Assert.Equal([new RoomListing("#dev", "release friday", 2), new RoomListing(Fake.Room, null, 2)], listed);

        await alice.PartAsync("#dev").WaitAsync(Wait.Default);
        var left = await bobEvents.WaitForAsync<UserLeft>(l => l.Room == "#dev");
        Assert.Equal(("alice", LeaveReasons.Part), (left.User, left.Reason));
        await Eventually.TrueAsync(() => bob.FindRoom("#dev")!.Users.Count == 1, what: "alice gone from #dev");
        Assert.Equal([Fake.Room, "@bob"], alice.Rooms.Select(r => r.Room));
        Assert.Empty(server.Logs.Problems);

        static (string, string, string) Said(MessageReceived m) => (m.Room, m.From, m.Text);
    }

    [Fact]
    public async Task Scrollback_goes_back_page_by_page_to_the_beginning_with_no_gap_and_no_duplicate()
    {
        await using var server = await TestServer.StartAsync(Fast);
        await using var bob = await RawPeer.JoinAsync(server.Port, "bob", Fake.Room);
        for (var i = 1; i <= 450; i++)
        {
            await bob.SayAsync(Fake.Room, $"m{i}");
        }

        var stored = await bob.HistoryAsync(Fake.Room);
        var (alice, events) = await ConnectAsync(server, "alice");
        await using var _ = alice;
        await events.WaitForAsync<MessageReceived>(m => m.Text == "m450");
        var pages = new List<HistoryPage>();
        HistoryPage page;
        do
        {
            page = await alice.LoadOlderAsync(Fake.Room, limit: 200).WaitAsync(Wait.Default);
            pages.Add(page);
        }
        while (!page.ReachedBeginning);

        var recent = events.All.OfType<MessageReceived>().ToList();
        Assert.All(recent, m => Assert.Equal(EventSource.Recent, m.Source));
        var older = pages.AsEnumerable().Reverse().SelectMany(p => p.Events).ToList();
        Assert.Equal(stored.Select(RawPeer.Id), older.Concat(recent).Select(e => e.Id));
        Assert.Equal(stored.Count, older.Count + recent.Count);
        Assert.True(alice.FindRoom(Fake.Room)!.ReachedBeginning);
        Assert.Empty((await alice.LoadOlderAsync(Fake.Room).WaitAsync(Wait.Default)).Events);
    }
}
