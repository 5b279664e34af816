namespace Piazza.Server.Tests;

/// <summary>The room under concurrent load: one id order, nothing lost, nothing doubled.</summary>
public sealed class BroadcastTests
{
    [Fact]
    public async Task Forty_clients_each_sending_thirty_messages_at_once_all_receive_everything_once_in_one_id_order()
    {
        const int Clients = 40, PerClient = 30, Total = Clients * PerClient;
        await using var server = await TestServer.StartAsync(o => o with { RateBurst = 100 });
        var clients = new RawClient[Clients];
        for (var i = 0; i < Clients; i++)
        {
            clients[i] = await server.JoinAsync($"user{i:00}");
        }

        try
        {
            var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var sends = clients.Select((client, i) => Task.Run(async () =>
            {
                var batch = Enumerable.Range(0, PerClient)
                    .SelectMany(n => FrameWriter.ToBytes(new SayFrame($"{client.User} #{n}", $"{i}:{n}")))
                    .ToArray();
                await go.Task;
                await client.SendRawAsync(batch);
            })).ToArray();
            var reads = clients.Select(client => Task.Run(async () =>
            {
                var events = new List<Frame>();
                var counted = 0;
                while (counted < Total)
                {
                    var frame = await client.ReceiveAsync(TimeSpan.FromSeconds(30));
                    events.Add(frame);
                    counted += frame is AckFrame or MessageFrame ? 1 : 0;
                }

                return events;
            })).ToArray();

            go.SetResult();
            await Task.WhenAll(sends);
            var received = await Task.WhenAll(reads);

            // Every accepted say, by id: who sent it and what it said (the ref names both).
            var accepted = new Dictionary<long, (int Sender, int Seq)>();
            for (var i = 0; i < Clients; i++)
            {
                foreach (var ack in received[i].OfType<AckFrame>())
                {
                    var parts = ack.Ref!.Split(':');
                    Assert.Equal(i, int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture));
                    accepted.Add(ack.Id, (i, int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture)));
                }
            }

            Assert.Equal(Total, accepted.Count);
            for (var i = 0; i < Clients; i++)
            {
                var events = received[i];
                var ids = events.Select(EventId).Where(id => id is not null).Select(id => id!.Value).ToList();
                for (var k = 1; k < ids.Count; k++)
                {
                    Assert.True(ids[k] > ids[k - 1], $"{clients[i].User} received id {ids[k]} after {ids[k - 1]}");
                }

                var acks = events.OfType<AckFrame>().ToList();
                var messages = events.OfType<MessageFrame>().ToList();
                Assert.Equal(PerClient, acks.Count);
                Assert.Equal(Total - PerClient, messages.Count);
                Assert.Equal(accepted.Keys.Order(), acks.Select(a => a.Id).Concat(messages.Select(m => m.Id)).Order());
                Assert.All(messages, m =>
                {
                    var (sender, seq) = accepted[m.Id];
                    Assert.NotEqual(i, sender);
                    Assert.Equal((clients[sender].User, $"{clients[sender].User} #{seq}"), (m.From, m.Text));
                });

                // Each sender's messages keep the order it sent them in.
                Assert.All(messages.GroupBy(m => m.From), g =>
                    Assert.Equal(Enumerable.Range(0, PerClient), g.Select(m => accepted[m.Id].Seq)));
            }

            Assert.Empty(server.Logs.Problems);
            Assert.Equal(Clients, server.Server.MemberCount);
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    private static long? EventId(Frame frame) => frame switch
    {
        AckFrame a => a.Id,
        MessageFrame m => m.Id,
        JoinedFrame j => j.Id,
        LeftFrame l => l.Id,
        _ => null,
    };
}
