using System.Collections.Concurrent;
using Piazza.Protocol;
using Piazza.Server;
using Piazza.Testing;

namespace Piazza.Client.Core.Tests;

/// <summary>
/// Exact by construction, against the real server and its SQLite store: through server restarts
/// and dropped connections, in three rooms and a direct conversation, the client hands out
/// exactly the stored history, with no gap and no duplicate, and what it sends is stored once.
/// </summary>
public sealed class ExactDeliveryTests(ITestOutputHelper output) : IDisposable
{
    private static readonly string[] Rooms = ["#one", "#two", "#three"];
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(30);

    private readonly string _dataDir = Directory.CreateTempSubdirectory("piazza-exact-").FullName;

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    /// <summary>SQLite in the test's own folder; a replay of at most 5 events, so catching up means paging history.</summary>
    private ServerOptions Configure(ServerOptions options) => options with
    {
        Store = StoreNames.Sqlite,
        DataDir = _dataDir,
        ReplayMax = 5,
        RateBurst = 1000,
        RatePerSecond = 1000,
    };

    [Fact]
    public async Task Through_server_restarts_and_dropped_connections_the_client_hands_out_exactly_the_stored_history()
    {
        var server = await TestServer.StartAsync(Configure);
        var port = server.Port;
        await using var proxy = FaultProxy.Start(server.EndPoint);
        await using var alice = new ChatClient();
        var handed = new ConcurrentQueue<RoomEvent>();
        var opened = new ConcurrentQueue<RoomOpened>();
        var rejoins = 0;
        alice.EventRaised += (_, e) =>
        {
            if (e is RoomEvent roomEvent)
            {
                handed.Enqueue(roomEvent);
            }
            else if (e is RoomOpened room)
            {
                opened.Enqueue(room);
            }
            else if (e is Joined { IsReconnect: true })
            {
                Interlocked.Increment(ref rejoins);
            }
        };
        // Reconnecting after about a second, so that a good part of the conversation happens while alice is away.
        var options = Options.For(proxy.Port) with
        {
            Rooms = Rooms,
            CursorStore = new MemoryCursorStore(),
            Reconnect = new ReconnectPolicy(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), 0.2),
        };
        Assert.True((await alice.ConnectAsync(options).WaitAsync(Wait.Default)).Succeeded);
        await AllJoinedAsync(alice);
        var bob = await RawPeer.JoinAsync(port, "bob", Rooms);
        var carol = await RawPeer.JoinAsync(port, "carol", "#one", "#two");
        var posted = new List<string>();
        var said = 0;

        async Task TalkAsync(int count, bool bobReachable = true)
        {
            for (var i = 0; i < count; i++)
            {
                said++;
                await bob.SayAsync(Rooms[said % 3], $"bob {said}");
                if (said % 2 == 0)
                {
                    await carol.SayAsync(Rooms[said % 2], $"carol {said}");
                }

                if (said % 5 == 0)
                {
                    await bob.SayAsync("@alice", $"psst {said}");
                }

                if (said % 4 == 0)
                {
                    Post(Rooms[said % 3], $"alice {said}");
                }

                if (said % 7 == 0 && bobReachable)
                {
                    Post("@bob", $"alice to bob {said}");
                }

                await Task.Delay(5);
            }
        }

        void Post(string room, string text)
        {
            posted.Add(text);
            Assert.NotEqual(OutgoingState.Failed, alice.Post(room, text).State);
        }

        async Task KillAlicesConnectionAsync()
        {
            var before = Volatile.Read(ref rejoins);
            proxy.Connections.Last(c => !c.IsAborted).Reset();
            await Piazza.Testing.Eventually.TrueAsync(() => alice.Status.State != ConnectionState.Connected || Volatile.Read(ref rejoins) > before,
                Settle, "alice to notice the dropped connection");
        }

        // Everyone present; then alice's connection dies in the middle of the conversation.
        await TalkAsync(20);
        await TalkAsync(5);
        await KillAlicesConnectionAsync();
        await TalkAsync(20);
        await AllJoinedAsync(alice);

        // The server restarts in the middle of the conversation; alice types while it is down.
        await TalkAsync(10);
        await server.DisposeAsync();
        await bob.DisposeAsync();
        await carol.DisposeAsync();
        Post("#one", "alice while the server is down");
        Post("#three", "alice still waiting");
        server = await TestServer.StartAsync(Configure, port: port);
        await using (server)
        {
            bob = await RawPeer.JoinAsync(port, "bob", Rooms);
            carol = await RawPeer.JoinAsync(port, "carol", "#one", "#two");
            await TalkAsync(15, bobReachable: false);
            await AllJoinedAsync(alice);
            await TalkAsync(10);

            // Once more, worse: what the server sends alice stops arriving (it believes her there,
            // so bob's direct messages are accepted), then the connection drops with all that lost.
            var link = proxy.Connections.Last(c => !c.IsAborted);
            link.Stall(ProxyDirection.ServerToClient);
            await TalkAsync(15);
            await KillAlicesConnectionAsync();
            await TalkAsync(20);
            await AllJoinedAsync(alice);
            await TalkAsync(5);

            // What the server stored, read back page by page, is what alice was handed.
            await Piazza.Testing.Eventually.TrueAsync(() => alice.Outbox.Count == 0, Settle, "alice's outbox to empty");
            var stored = new Dictionary<string, IReadOnlyList<Frame>>();
            foreach (var room in Rooms)
            {
                stored[room] = await bob.HistoryAsync(room);
            }

            stored["@bob"] = await bob.HistoryAsync("@alice");
            foreach (var (room, history) in stored)
            {
                var newest = RawPeer.Id(history[^1]);
                await Piazza.Testing.Eventually.TrueAsync(() => alice.FindRoom(room)?.LastId >= newest, Settle, $"alice to catch up in {room}");
            }

            var all = handed.ToList();
            foreach (var (room, history) in stored)
            {
                var mine = all.Where(e => e.Room == room).ToList();
                output.WriteLine($"{room}: {history.Count} stored, {mine.Count} handed out ({mine.Count(e => e.Source == EventSource.CatchUp)} caught up), {alice.FindRoom(room)!.LastId} last");
                AssertExact(room, history, mine);
            }

            Assert.Equal(3, Volatile.Read(ref rejoins));

            // Everything alice typed is stored exactly once.
            var texts = stored.Values.SelectMany(h => h.OfType<MessageFrame>()).Where(m => m.From == "alice").Select(m => m.Text).ToList();
            Assert.Equal(posted.Order(), texts.Order());
            // SQLite kept every room's epoch through the restart: every rejoin continued.
            Assert.All(opened.Where(o => o.Room.Epoch is not null && !(o.Room.IsDirect && o.Room.LastId == 0)), o => Assert.True(o.Continues || Rooms.Contains(o.Room.Room) && o.Room.LastId == 1, $"{o.Room.Room} at {o.Room.LastId} did not continue"));
            await bob.DisposeAsync();
            await carol.DisposeAsync();
        }
    }

    /// <summary>
    /// Handed out once each, in id order, each the stored event itself; every stored event the
    /// client did not hand out is its own join, which the server never sends it.
    /// </summary>
    private static void AssertExact(string room, IReadOnlyList<Frame> history, IReadOnlyList<RoomEvent> handed)
    {
        Assert.NotEmpty(handed);
        var ids = handed.Select(e => e.Id).ToList();
        Assert.True(ids.SequenceEqual(ids.Order()) && ids.Distinct().Count() == ids.Count, $"{room}: not once each in order: {string.Join(",", ids)}");
        var byId = history.ToDictionary(RawPeer.Id);
        foreach (var roomEvent in handed)
        {
            Assert.True(byId.TryGetValue(roomEvent.Id, out var frame), $"{room}: event {roomEvent.Id} was handed out but is not stored");
            Assert.Equal(Describe(frame!), Describe(roomEvent));
        }

        var first = ids[0];
        var notHanded = history.Where(f => RawPeer.Id(f) >= first && !ids.Contains(RawPeer.Id(f))).ToList();
        Assert.All(notHanded, f => Assert.True(f is JoinedFrame { User: "alice" }, $"{room}: stored event {RawPeer.Id(f)} was never handed out: {f}"));
        Assert.True(first <= 2, $"{room}: the first event handed out is {first}");
    }

    private static (long, string, string, string, DateTimeOffset) Describe(Frame frame) => frame switch
    {
        MessageFrame m => (m.Id, "message", m.From, m.Text, m.Ts),
        JoinedFrame j => (j.Id, "joined", j.User, "", j.Ts),
        LeftFrame l => (l.Id, "left", l.User, l.Reason, l.Ts),
        TopicFrame t => (t.Id!.Value, "topic", t.User ?? "", t.Topic, t.Ts!.Value),
        _ => throw new ArgumentException($"Not a room event: {frame}", nameof(frame)),
    };

    private static (long, string, string, string, DateTimeOffset) Describe(RoomEvent roomEvent) => roomEvent switch
    {
        MessageReceived m => (m.Id, "message", m.From, m.Text, m.Ts),
        UserJoined j => (j.Id, "joined", j.User, "", j.Ts),
        UserLeft l => (l.Id, "left", l.User, l.Reason, l.Ts),
        TopicChanged t => (t.Id, "topic", t.User, t.Topic, t.Ts),
        _ => throw new ArgumentException($"Not a room event: {roomEvent}", nameof(roomEvent)),
    };

    private static Task AllJoinedAsync(ChatClient client) =>
        Piazza.Testing.Eventually.TrueAsync(() => Rooms.All(r => client.FindRoom(r)?.IsJoined == true), Settle, "alice in her three rooms");
}
