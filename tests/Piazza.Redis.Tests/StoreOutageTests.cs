using Piazza.Protocol;
using Piazza.Redis.Tests.Support;
using Piazza.Testing;

namespace Piazza.Redis.Tests;

/// <summary>Redis stops under load and comes back: nodes refuse says meanwhile, keep their connections, lose nothing acknowledged, and resume by themselves.</summary>
public sealed class StoreOutageTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Redis_stopped_under_load_refuses_says_loses_nothing_acknowledged_and_service_resumes_without_restarting_nodes()
    {
        Assert.SkipWhen(RedisServer.Missing is not null, RedisServer.Missing ?? "");
        await using var redis = await RedisServer.StartAsync();
        var nodes = await Nodes.StartAsync(redis, 2);
        var clients = new List<RawClient>();
        try
        {
            for (var i = 0; i < 4; i++)
            {
                var client = await nodes[i % 2].ConnectAsync();
                await client.EnterAsync($"writer{i}", "#load");
                clients.Add(client);
            }

            var phase = 0; // 0 before the outage, 1 during, 2 after the restart
            var refused = 0;
            var acked = new System.Collections.Concurrent.ConcurrentDictionary<string, long>(StringComparer.Ordinal);
            var writers = clients.Select((c, i) => Task.Run(async () =>
            {
                var afterRestart = 0;
                for (var n = 0; afterRestart < 10; n++)
                {
                    var text = $"writer{i} #{n}";
                    var reference = $"w{i}-{n}";
                    while (true)
                    {
                        await c.SendAsync(new SayFrame(text, reference, "#load"));
                        var answer = await c.ExpectAsync<Frame>(f => f is AckFrame a && a.Ref == reference || f is ErrorFrame e && e.Ref == reference, TimeSpan.FromSeconds(60));
                        if (answer is AckFrame ack)
                        {
                            acked[text] = ack.Id;
                            afterRestart += Volatile.Read(ref phase) == 2 ? 1 : 0;
                            break;
                        }

                        Assert.Equal("store_unavailable", ((ErrorFrame)answer).Code);
                        Interlocked.Increment(ref refused);
                        await Task.Delay(50);
                    }
                }
            })).ToArray();

            await Eventually.TrueAsync(() => acked.Count >= 40, TimeSpan.FromSeconds(60), "40 messages before the outage");
            await redis.StopAsync();
            Volatile.Write(ref phase, 1);
            await Eventually.TrueAsync(() => Volatile.Read(ref refused) >= 4, TimeSpan.FromSeconds(60), "says refused while Redis is down");
            await Task.Delay(TimeSpan.FromSeconds(2));
            await redis.StartAgainAsync();
            Volatile.Write(ref phase, 2);
            await Task.WhenAll(writers);

            // Nothing acknowledged is missing, nothing is there twice, ids are dense; every node tells one history.
            var last = acked.Values.Max();
            var histories = new List<List<string>>();
            foreach (var node in nodes)
            {
                await using var reader = await node.ConnectAsync();
                await reader.EnterAsync($"reader{histories.Count}", "#load");
                var (events, _) = await reader.PageBackAsync("#load", last + 1, 200);
                histories.Add([.. events.OfType<MessageFrame>().Select(m => $"{m.Id} {m.Text}")]);
            }

            Assert.Equal(histories[0], histories[1]);
            var stored = histories[0].ToDictionary(h => h[(h.IndexOf(' ', StringComparison.Ordinal) + 1)..], h => long.Parse(h[..h.IndexOf(' ', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture));
            var lost = acked.Count(a => !stored.TryGetValue(a.Key, out var id) || id != a.Value);
            var duplicated = histories[0].Count - stored.Count;
            output.WriteLine($"acked {acked.Count}, refused with store_unavailable {refused}, lost {lost}, duplicated {duplicated}");
            Assert.Equal(0, lost);
            Assert.Equal(0, duplicated);
            Assert.True(refused > 0);

            // Connections stayed, and every client was told of every event once, in order.
            foreach (var client in clients)
            {
                Assert.False(client.Ended);
                await ClientView.SeenAsync(client, "#load", last);

                // Events come once each, in id order. A say whose script ran just as Redis stopped
                // (its reply lost, so the sender was told store_unavailable) reaches the sender as
                // a message, and its resend is acknowledged at once with the original id: such an
                // ack may repeat an id, and may come before earlier events. Together, nothing is missing.
                var events = client.Received.Where(f => RoomEvents.IsEvent(f) && !RoomEvents.IsReplay(f) && RoomEvents.RoomOf(f) == "#load").Select(RoomEvents.IdOf).ToList();
                Assert.Equal(events.Order(), events);
                Assert.Equal(events.Distinct().Count(), events.Count);
                var all = ClientView.Ids(client, "#load").Distinct().Order().ToList();
                Assert.Equal(Enumerable.Range((int)all[0], all.Count).Select(i => (long)i), all);
            }
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }

            await Nodes.StopAsync(nodes);
        }
    }
}
