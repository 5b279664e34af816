using System.Collections.Concurrent;
using Piazza.Protocol;
using Piazza.Redis.Tests.Support;
using Piazza.Testing;

namespace Piazza.Redis.Tests;

/// <summary>A node killed (-9) under load: its clients move to another node and catch up exactly; the others see them leave once, lost.</summary>
public sealed class NodeKillTests(ITestOutputHelper output)
{
    private const string Room = "#k";
    private const int Each = 60;

    [Fact]
    public async Task A_node_killed_under_load_loses_nothing_its_clients_catch_up_on_another_node_and_the_others_see_them_lost_once()
    {
        Assert.SkipWhen(RedisServer.Missing is not null, RedisServer.Missing ?? "");
        await using var redis = await RedisServer.StartAsync();
        var port = Ports.Free();
        await using var doomed = ServerProcess.Start("--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--store", redis.Url);
        await doomed.WaitUntilListeningAsync();
        var survivor = await TestServer.StartAsync(o => o with { Store = redis.Url });
        var acked = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var connections = new ConcurrentDictionary<string, List<RawClient>>(StringComparer.Ordinal);
        var killed = new TaskCompletionSource();
        try
        {
            var writers = new List<Task>();
            foreach (var (name, onDoomed) in new[] { ("v1", true), ("v2", true), ("s1", false), ("s2", false) })
            {
                var client = onDoomed ? await RawClient.ConnectAsync(port) : await survivor.ConnectAsync();
                await client.EnterAsync(name, Room);
                connections[name] = [client];
                writers.Add(WriteAsync(name, client, onDoomed));
            }

            await Eventually.TrueAsync(() => acked.Count >= 60, TimeSpan.FromSeconds(60), "60 messages before the kill");
            doomed.Signal(Signals.SigKill);
            killed.SetResult();
            await Task.WhenAll(writers);

            var last = acked.Values.Max();
            var history = await HistoryAsync(survivor, last);
            var stored = history.OfType<MessageFrame>().ToDictionary(m => m.Text, m => m.Id);
            var lost = acked.Count(a => !stored.TryGetValue(a.Key, out var id) || id != a.Value);
            var duplicated = history.OfType<MessageFrame>().Count() - stored.Count;
            var lostAnnouncements = history.OfType<LeftFrame>().Where(l => l.Reason == "lost").Select(l => l.User).Order().ToList();
            output.WriteLine($"acked {acked.Count}, lost {lost}, duplicated {duplicated}; left lost announced for: {string.Join(", ", lostAnnouncements)}");
            Assert.Equal(0, lost);
            Assert.Equal(0, duplicated);
            Assert.Equal(["v1", "v2"], lostAnnouncements);

            // Every client, moved or not, was told of every event once from where it started, in id order.
            foreach (var (name, clients) in connections)
            {
                var current = clients[^1];
                while (!current.Received.Any(f => f is AckFrame { Room: Room } a && a.Id == last || RoomEvents.IsEvent(f) && RoomEvents.RoomOf(f) == Room && RoomEvents.IdOf(f) == last))
                {
                    await current.ReceiveAsync(TimeSpan.FromSeconds(60));
                }

                // The first connection's replay is the recent messages (not every event): only its
                // live events count; a moved connection's replay is every event after its cursor.
                var seen = clients[0].Received.Where(f => !RoomEvents.IsReplay(f)).Concat(clients.Skip(1).SelectMany(c => c.Received)).ToList();
                var ids = new List<long>();
                foreach (var f in seen)
                {
                    // A say resent after the move is acknowledged again with its original id: that
                    // ack repeats an event the replay already gave, and is not a second delivery.
                    if (f is AckFrame { Room: Room } a && !ids.Contains(a.Id))
                    {
                        ids.Add(a.Id);
                    }
                    else if (RoomEvents.IsEvent(f) && RoomEvents.RoomOf(f) == Room)
                    {
                        ids.Add(RoomEvents.IdOf(f));
                    }
                }

                var missing = Enumerable.Range((int)ids.Min(), (int)(ids.Max() - ids.Min() + 1)).Select(i => (long)i).Except(ids).ToList();
                output.WriteLine($"{name}: missing {string.Join(",", missing)}; last {last}; sorted {ids.SequenceEqual(ids.Order())}");
                output.WriteLine($"{name}: {clients.Count} connections, ids {ids[0]}..{ids[^1]} ({ids.Count}); first {string.Join(",", ids.Take(8))}; frames {string.Join(" ", seen.Take(8).Select(f => f.GetType().Name))}");
                Assert.Equal(ids.Distinct().Count(), ids.Count);
                Assert.Equal(ids.Order(), ids);

                // A session is not sent its own joined (its room frame stands for it): the only ids
                // a client may lack are its own joins on the node it moved to.
                var ownJoins = history.OfType<JoinedFrame>().Where(j => j.User == name).Select(j => j.Id).ToHashSet();
                Assert.All(missing, id => Assert.Contains(id, ownJoins));
                Assert.True(missing.Count <= clients.Count - 1);
                Assert.Contains(last, ids);
                if (name.StartsWith('s'))
                {
                    var lefts = seen.OfType<LeftFrame>().Where(l => l.Reason == "lost").Select(l => l.User).Order().ToList();
                    Assert.Equal(["v1", "v2"], lefts);
                }
            }
        }
        finally
        {
            foreach (var client in connections.Values.SelectMany(c => c))
            {
                await client.DisposeAsync();
            }

            await survivor.DisposeAsync();
        }

        async Task WriteAsync(string name, RawClient client, bool onDoomed)
        {
            var n = 0;
            while (n < Each)
            {
                var text = $"{name} #{n}";
                var reference = $"{name}-{n}";
                try
                {
                    await client.SendAsync(new SayFrame(text, reference, Room));
                    var answer = await client.ExpectAsync<Frame>(f => f is AckFrame a && a.Ref == reference || f is ErrorFrame e && e.Ref == reference, TimeSpan.FromSeconds(60));
                    if (answer is AckFrame ack)
                    {
                        acked[text] = ack.Id;
                        n++;
                    }
                }
                catch (Exception e) when (onDoomed && e is EndOfStreamException or IOException or System.Net.Sockets.SocketException or TimeoutException)
                {
                    // The node is gone: move to the survivor and catch up from the cursor; the
                    // unacknowledged say is sent again with its ref.
                    await killed.Task;
                    client = await MoveAsync(name, Cursor(connections[name]));
                    connections[name].Add(client);
                }

                // While the doomed node is alive its clients write slowly, so the kill meets them mid-way.
                if (onDoomed && !killed.Task.IsCompleted)
                {
                    await Task.Delay(20);
                }
            }

            await client.SyncAsync();
        }

        async Task<RawClient> MoveAsync(string name, RoomCursor cursor)
        {
            using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (true)
            {
                var client = await survivor.ConnectAsync();
                try
                {
                    await client.EnterAsync(name, new Dictionary<string, RoomCursor> { [Room] = cursor });
                    return client;
                }
                catch (InvalidOperationException) when (!guard.IsCancellationRequested)
                {
                    // The name is still leased to the dead node: it is free when the lease runs out.
                    await client.DisposeAsync();
                    await Task.Delay(200, guard.Token);
                }
            }
        }
    }

    private static RoomCursor Cursor(List<RawClient> clients)
    {
        var seen = clients.SelectMany(c => c.Received).ToList();
        var ids = seen.Where(f => f is AckFrame { Room: Room } || RoomEvents.IsEvent(f) && RoomEvents.RoomOf(f) == Room)
            .Select(f => f is AckFrame a ? a.Id : RoomEvents.IdOf(f)).ToList();
        return new RoomCursor(ids.Max(), seen.OfType<RoomFrame>().Last().Epoch);
    }

    private static async Task<IReadOnlyList<Frame>> HistoryAsync(TestServer node, long last)
    {
        await using var reader = await node.ConnectAsync();
        await reader.EnterAsync("historian", Room);
        var (events, _) = await reader.PageBackAsync(Room, last + 100, 200);
        return events;
    }
}
