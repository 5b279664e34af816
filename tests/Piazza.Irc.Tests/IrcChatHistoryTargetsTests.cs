using Piazza.Irc.Tests.Support;

namespace Piazza.Irc.Tests;

/// <summary><c>CHATHISTORY TARGETS</c>: the channels and conversations whose newest message falls in a span of time.</summary>
public sealed class IrcChatHistoryTargetsTests
{
    private const string Before = "timestamp=2020-01-01T00:00:00.000Z";
    private const string After = "timestamp=2262-01-01T00:00:00.000Z";

    private static readonly string[] Caps = ["server-time", "message-tags", "batch", "echo-message", "draft/chathistory"];

    [Fact]
    public async Task TARGETS_lists_channels_and_nicks_by_their_newest_message_oldest_first_within_the_span_and_limit()
    {
        await using var server = await TestServer.StartAsync(o => o with { IrcPort = 0 });
        var port = server.Server.IrcEndPoint!.Port;
        await using var bob = await server.EnterAsync("bob", "#a");
        await using var alice = await IrcClient.RegisterAsync(port, "alice", Caps);
        foreach (var channel in new[] { "#a", "#b", "#quiet" })
        {
            await alice.SendAsync("JOIN " + channel);
            await alice.ExpectAsync(l => IrcClient.Command(l) == "366");
        }

        // #a: an older message then bob's newer one; a conversation with bob; then #b.
        await alice.SendAsync("PRIVMSG #a :first");
        await alice.ExpectAsync(l => Said(l, "#a", "first"));
        await bob.SayInAsync("#a", "second");
        var inA = await alice.ExpectAsync(l => Said(l, "#a", "second"));
        await alice.SendAsync("PRIVMSG bob :psst");
        var toBob = await alice.ExpectAsync(l => Said(l, "bob", "psst"));
        await alice.SendAsync("PRIVMSG #b :third");
        var inB = await alice.ExpectAsync(l => Said(l, "#b", "third"));
        var expected = new[] { ("#a", Time(inA)), ("bob", Time(toBob)), ("#b", Time(inB)) }
            .OrderBy(t => t.Item2, StringComparer.Ordinal).ThenBy(t => t.Item1, StringComparer.Ordinal).ToList();

        await alice.SendAsync($"CHATHISTORY TARGETS {Before} {After} 100");
        var all = await alice.SyncAsync();
        await alice.SendAsync($"CHATHISTORY TARGETS {After} {Before} 2");
        var two = await alice.SyncAsync();
        var first = expected[0].Item2;
        await alice.SendAsync($"CHATHISTORY TARGETS timestamp={first} {After} 100");
        var later = await alice.SyncAsync();
        var last = expected[^1].Item2;
        await alice.SendAsync($"CHATHISTORY TARGETS {Before} timestamp={last} 100");
        var earlier = await alice.SyncAsync();

        Assert.Equal("BATCH", IrcClient.Command(all[0]));
        Assert.EndsWith(" draft/chathistory-targets", all[0], StringComparison.Ordinal);
        var batch = all[0].Split(' ')[^2][1..];
        Assert.Equal(":piazza.irc BATCH -" + batch, all[^1]);
        Assert.All(all.Skip(1).SkipLast(1), l => Assert.Equal(batch, IrcClient.Tag(l, "batch")));
        Assert.Equal(expected, Targets(all));
        Assert.Equal(expected.Take(2), Targets(two));
        Assert.Equal(expected.Where(t => string.CompareOrdinal(t.Item2, first) > 0), Targets(later));
        Assert.Equal(expected.Where(t => string.CompareOrdinal(t.Item2, last) < 0), Targets(earlier));
    }

    [Fact]
    public async Task TARGETS_leaves_out_a_channel_whose_newest_message_is_after_the_span_and_refuses_a_msgid_bound()
    {
        await using var server = await TestServer.StartAsync(o => o with { IrcPort = 0 });
        await using var alice = await IrcClient.RegisterAsync(server.Server.IrcEndPoint!.Port, "alice", Caps);
        await alice.SendAsync("JOIN #a");
        await alice.ExpectAsync(l => IrcClient.Command(l) == "366");
        await alice.SendAsync("PRIVMSG #a :one");
        var one = await alice.ExpectAsync(l => Said(l, "#a", "one"));
        await alice.SendAsync("PRIVMSG #a :two");
        var two = await alice.ExpectAsync(l => Said(l, "#a", "two"));

        // The span ends at the first message: #a had a message in it, but its newest is later.
        await alice.SendAsync($"CHATHISTORY TARGETS {Before} timestamp={Time(one)} 100");
        var excluded = await alice.SyncAsync();
        await alice.SendAsync($"CHATHISTORY TARGETS {Before} {After} 100");
        var included = await alice.SyncAsync();
        await alice.SendAsync($"CHATHISTORY TARGETS msgid=1 {After} 100");
        var refused = await alice.SyncAsync();
        await alice.SendAsync($"CHATHISTORY TARGETS {Before} {After} 0");
        var zero = await alice.SyncAsync();

        // A conversation, seen from both sides: each names the other, in the spelling they use.
        await using var zed = await IrcClient.RegisterAsync(server.Server.IrcEndPoint!.Port, "Zed", Caps);
        await zed.SendAsync("PRIVMSG alice :hey");
        var hey = await zed.ExpectAsync(l => Said(l, "alice", "hey"));
        await alice.ExpectAsync(l => Said(l, "alice", "hey"));
        await alice.SendAsync($"CHATHISTORY TARGETS {Before} {After} 100");
        var forAlice = await alice.SyncAsync();
        await zed.SendAsync($"CHATHISTORY TARGETS {Before} {After} 100");
        var forZed = await zed.SyncAsync();

        Assert.Empty(Targets(excluded));
        Assert.Equal(2, excluded.Count);
        Assert.Equal([("#a", Time(two))], Targets(included));
        Assert.Equal("FAIL", IrcClient.Command(Assert.Single(refused)));
        Assert.Contains("INVALID_PARAMS", refused[0], StringComparison.Ordinal);
        Assert.Contains("INVALID_PARAMS", Assert.Single(zero), StringComparison.Ordinal);
        Assert.Equal(new[] { ("#a", Time(two)), ("Zed", Time(hey)) }.OrderBy(t => t.Item2, StringComparer.Ordinal).ThenBy(t => t.Item1, StringComparer.Ordinal), Targets(forAlice));
        Assert.Equal([("alice", Time(hey))], Targets(forZed));
    }

    /// <summary>A PRIVMSG to <paramref name="target"/> of one word (which IRC may write with or without its colon).</summary>
    private static bool Said(string line, string target, string word) =>
        IrcClient.Command(line) == "PRIVMSG" && (line.EndsWith($" {target} {word}", StringComparison.Ordinal) || line.EndsWith($" {target} :{word}", StringComparison.Ordinal));

    private static string Time(string line) => IrcClient.Tag(line, "time") ?? throw new InvalidOperationException("no time tag: " + line);

    private static List<(string, string)> Targets(IReadOnlyList<string> lines) =>
        [.. lines.Where(l => IrcClient.Command(l) == "CHATHISTORY").Select(l => l.Split(' ')).Select(w => (w[^2], w[^1]))];
}
