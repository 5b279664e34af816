using System.Text;

namespace Piazza.Server.Tests;

/// <summary>
/// One connection's says are pipelined (the next is read while the earlier ones commit): acks and
/// deliveries must still come in the order the says were sent, answers to anything else after the
/// acks of the says before it, and every acked say must be in the history after a restart.
/// </summary>
public sealed class PipelinedSayTests
{
    private const int Burst = 300;

    [Fact]
    public async Task A_burst_of_says_on_one_connection_is_acked_and_delivered_in_order_and_all_of_it_survives_a_restart()
    {
        using var data = new TempDataDirectory();
        List<AckFrame> acks;
        await using (var server = await TestServer.StartAsync(o => data.Sqlite(o) with { RateBurst = 10_000, RatePerSecond = 10_000 }))
        {
            await using var alice = await server.EnterAsync("alice", "#dev");
            await using var bob = await server.EnterAsync("bob", "#dev");

            // One write holding every say: the server reads them all while the first ones commit.
            var lines = new StringBuilder();
            for (var i = 0; i < Burst; i++)
            {
                lines.Append("{\"type\":\"say\",\"room\":\"#dev\",\"text\":\"m").Append(i).Append("\",\"ref\":\"p-").Append(i).Append("\"}\n");
            }

            await alice.SendRawAsync(Encoding.UTF8.GetBytes(lines.ToString()));
            acks = [.. (await alice.FramesUntilAsync<AckFrame>(a => a.Ref == $"p-{Burst - 1}")).OfType<AckFrame>()];
            var atBob = (await bob.FramesUntilAsync<MessageFrame>(m => m.Text == $"m{Burst - 1}")).OfType<MessageFrame>().ToList();

            Assert.Equal(Enumerable.Range(0, Burst).Select(i => $"p-{i}"), acks.Select(a => a.Ref));
            Assert.Equal(Enumerable.Range(0, Burst).Select(i => acks[0].Id + i), acks.Select(a => a.Id));
            Assert.Equal(Enumerable.Range(0, Burst).Select(i => $"m{i}"), atBob.Select(m => m.Text));
            Assert.Equal(acks.Select(a => a.Id), atBob.Select(m => m.Id));
        }

        // Every acked say is in the history, once, under its acked id.
        await using var restarted = await TestServer.StartAsync(data.Sqlite);
        await using var carol = await restarted.EnterAsync("carol", "#dev");
        var (events, _) = await carol.PageBackAsync("#dev", before: null, limit: 200);
        var stored = events.OfType<MessageFrame>().Where(m => m.From == "alice").ToList();
        Assert.Equal(acks.Select(a => (a.Id, Text: $"m{a.Id - acks[0].Id}")), stored.Select(m => (m.Id, m.Text)));
    }

    [Fact]
    public async Task A_say_refused_in_a_burst_is_answered_after_the_acks_before_it_and_before_the_acks_after_it()
    {
        using var data = new TempDataDirectory();
        await using var server = await TestServer.StartAsync(o => data.Sqlite(o) with { RateBurst = 10_000, RatePerSecond = 10_000 });
        await using var alice = await server.EnterAsync("alice", "#dev");

        var lines = new StringBuilder();
        for (var i = 0; i < 20; i++)
        {
            // Say 10 has a control character: refused before it reaches the store.
            var text = i == 10 ? "bell\\u0007" : $"m{i}";
            lines.Append("{\"type\":\"say\",\"room\":\"#dev\",\"text\":\"").Append(text).Append("\",\"ref\":\"r-").Append(i).Append("\"}\n");
        }

        await alice.SendRawAsync(Encoding.UTF8.GetBytes(lines.ToString()));
        var frames = await alice.FramesUntilAsync<AckFrame>(a => a.Ref == "r-19");

        var answers = frames.Select(f => f switch
        {
            AckFrame a => a.Ref,
            ErrorFrame e => $"{e.Code}:{e.Ref}",
            _ => null,
        }).Where(a => a is not null);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => i == 10 ? $"{ErrorCodes.InvalidText}:r-10" : $"r-{i}"), answers);
    }

    [Fact]
    public async Task A_request_after_a_burst_is_answered_after_every_ack_of_the_burst()
    {
        using var data = new TempDataDirectory();
        await using var server = await TestServer.StartAsync(o => data.Sqlite(o) with { RateBurst = 10_000, RatePerSecond = 10_000 });
        await using var alice = await server.EnterAsync("alice", "#dev");

        var lines = new StringBuilder();
        for (var i = 0; i < 100; i++)
        {
            lines.Append("{\"type\":\"say\",\"room\":\"#dev\",\"text\":\"m").Append(i).Append("\",\"ref\":\"w-").Append(i).Append("\"}\n");
        }

        lines.Append("{\"type\":\"history\",\"room\":\"#dev\",\"limit\":200}\n");
        await alice.SendRawAsync(Encoding.UTF8.GetBytes(lines.ToString()));
        var frames = await alice.FramesUntilAsync<HistoryFrame>();

        // The page was read after every say committed, so it holds all of them, and every ack came first.
        Assert.Equal(100, frames.OfType<AckFrame>().Count());
        var page = (HistoryFrame)frames[^1];
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"m{i}"), page.Events!.OfType<MessageFrame>().Select(m => m.Text));
    }
}
