using System.Globalization;
using System.Text;
using Piazza.Irc.Tests.Support;

namespace Piazza.Irc.Tests;

/// <summary>
/// One IRC connection's messages to a channel are pipelined (the next line is read while the
/// earlier ones commit): each must still be stored once, in the order sent, reach the channel in
/// that order, and be echoed (echo-message) in that order, and an answer to anything refused or
/// labeled must come in its place among the echoes. On the SQLite store, where a commit waits.
/// </summary>
public sealed class IrcPipelineTests
{
    private const int Burst = 300;

    private static Task<TestServer> StartAsync(TempDataDirectory data) =>
        TestServer.StartAsync(o => data.Sqlite(o) with { IrcPort = 0, RateBurst = 10_000, RatePerSecond = 10_000 });

    private static async Task<IrcClient> JoinedAsync(TestServer server, RawClient member, string nick, params string[] caps)
    {
        var irc = await IrcClient.RegisterAsync(server.Server.IrcEndPoint!.Port, nick, caps);
        await irc.SendAsync("JOIN #dev");
        await irc.ExpectAsync(l => IrcClient.Command(l) == "366");
        await member.ExpectAsync<JoinedFrame>(j => j.User == nick);
        return irc;
    }

    /// <summary>The text of a PRIVMSG or NOTICE line whose text is one word: its last parameter, with or without a colon.</summary>
    private static string TextOf(string line) => line.Split(' ')[^1].TrimStart(':');

    [Fact]
    public async Task A_burst_of_PRIVMSGs_to_one_channel_is_stored_once_in_order_delivered_in_order_and_echoed_in_order()
    {
        using var data = new TempDataDirectory();
        await using var server = await StartAsync(data);
        await using var bob = await server.EnterAsync("bob", "#dev");
        await using var irc = await JoinedAsync(server, bob, "alice", "server-time", "message-tags", "echo-message");

        // One write holding every message: the door reads them all while the first ones commit.
        var lines = new StringBuilder();
        for (var i = 0; i < Burst; i++)
        {
            lines.Append("PRIVMSG #dev :m").Append(i).Append("\r\n");
        }

        await irc.SendRawAsync(Encoding.UTF8.GetBytes(lines.ToString()));
        // A PING is answered after every message before it: the echoes are all in.
        var echoes = (await irc.SyncAsync()).Where(l => IrcClient.Command(l) == "PRIVMSG").ToList();
        var atBob = (await bob.FramesUntilAsync<MessageFrame>(m => m.Text == $"m{Burst - 1}")).OfType<MessageFrame>().ToList();
        var (history, _) = await bob.PageBackAsync("#dev", before: null, limit: 200);

        var ids = echoes.Select(l => long.Parse(IrcClient.Tag(l, "msgid")!, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Enumerable.Range(0, Burst).Select(i => $"m{i}"), echoes.Select(TextOf));
        Assert.Equal(Enumerable.Range(0, Burst).Select(i => ids[0] + i), ids);
        Assert.Equal(Enumerable.Range(0, Burst).Select(i => $"m{i}"), atBob.Select(m => m.Text));
        Assert.Equal(ids, atBob.Select(m => m.Id));
        var stored = history.OfType<MessageFrame>().Where(m => m.From == "alice").ToList();
        Assert.Equal(ids.Select((id, i) => (id, $"m{i}")), stored.Select(m => (m.Id, m.Text)));
    }

    [Fact]
    public async Task Refused_and_labeled_messages_in_a_burst_are_answered_in_their_place_among_the_echoes()
    {
        using var data = new TempDataDirectory();
        await using var server = await StartAsync(data);
        await using var bob = await server.EnterAsync("bob", "#dev");
        await using var irc = await JoinedAsync(server, bob, "alice", "message-tags", "echo-message", "labeled-response", "batch");

        const int Count = 40;
        var lines = new StringBuilder();
        var expected = new List<string>();
        for (var i = 0; i < Count; i++)
        {
            switch (i)
            {
                case 10:
                    // A control character Piazza text cannot hold: refused before it reaches the store.
                    lines.Append("PRIVMSG #dev :bell\u0007\r\n");
                    expected.Add("FAIL INVALID_TEXT");
                    break;
                case 20:
                    // Over 512 bytes: the line is not read at all.
                    lines.Append("PRIVMSG #dev :").Append('x', 600).Append("\r\n");
                    expected.Add("417");
                    break;
                case 25:
                    // A channel this client is not in: refused by the chat.
                    lines.Append("PRIVMSG #elsewhere :m25\r\n");
                    expected.Add("404");
                    break;
                case 30:
                    // A labeled message: its echo is its labeled answer.
                    lines.Append("@label=L30 PRIVMSG #dev :m30\r\n");
                    expected.Add("PRIVMSG m30 label=L30");
                    break;
                case 35:
                    lines.Append("NOTICE #dev :m35\r\n");
                    expected.Add("NOTICE m35");
                    break;
                default:
                    lines.Append("PRIVMSG #dev :m").Append(i).Append("\r\n");
                    expected.Add($"PRIVMSG m{i}");
                    break;
            }
        }

        await irc.SendRawAsync(Encoding.UTF8.GetBytes(lines.ToString()));
        var answers = (await irc.SyncAsync()).Select(l => IrcClient.Command(l) switch
        {
            "PRIVMSG" or "NOTICE" when IrcClient.Tag(l, "label") is { } label => $"{IrcClient.Command(l)} {TextOf(l)} label={label}",
            "PRIVMSG" or "NOTICE" => $"{IrcClient.Command(l)} {TextOf(l)}",
            "FAIL" => "FAIL " + l.Split(' ')[3],
            var command => command,
        }).ToList();
        var sent = expected.Where(e => e.StartsWith("PRIVMSG ", StringComparison.Ordinal) || e.StartsWith("NOTICE ", StringComparison.Ordinal))
            .Select(e => e.Split(' ')[1]).ToList();
        var atBob = (await bob.FramesUntilAsync<MessageFrame>(m => m.Text == $"m{Count - 1}")).OfType<MessageFrame>().ToList();

        Assert.Equal(expected, answers);
        Assert.Equal(sent, atBob.Select(m => m.Text));
        Assert.False(irc.Ended);
    }
}
