using Piazza.Irc.Tests.Support;

namespace Piazza.Irc.Tests;

/// <summary>The IRC door against a real server over real sockets, beside NDJSON clients.</summary>
public sealed class IrcDoorTests
{
    private static Task<TestServer> StartAsync() => TestServer.StartAsync(o => o with { IrcPort = 0 });

    private static int IrcPort(TestServer server) => server.Server.IrcEndPoint!.Port;

    [Fact]
    public async Task Registration_answers_a_JOIN_probe_with_451_then_sends_001_to_005_LUSERS_and_the_MOTD()
    {
        await using var server = await StartAsync();
        await using var irc = await IrcClient.ConnectAsync(IrcPort(server));

        await irc.SendAsync("CAP LS 302");
        var ls = await irc.ExpectAsync(l => IrcClient.Command(l) == "CAP");
        await irc.SendAsync("JOIN :");
        var probe = await irc.ExpectAsync(l => IrcClient.Command(l) != "CAP");
        await irc.SendAsync("CAP REQ :server-time message-tags extended-join");
        var nak = await irc.ExpectAsync(l => IrcClient.Command(l) == "CAP");
        await irc.SendAsync("CAP REQ :server-time message-tags");
        var ack = await irc.ExpectAsync(l => IrcClient.Command(l) == "CAP");
        await irc.SendAsync("NICK alice");
        await irc.SendAsync("USER alice 0 * :Alice A");
        await irc.SendAsync("CAP END");
        var burst = new List<string>();
        await irc.ExpectAsync(l =>
        {
            burst.Add(l);
            return IrcClient.Command(l) == "376";
        });

        Assert.Contains("sasl=PLAIN", ls, StringComparison.Ordinal);
        Assert.Contains("draft/chathistory", ls, StringComparison.Ordinal);
        Assert.DoesNotContain("extended-join", ls, StringComparison.Ordinal);
        Assert.Equal("451", IrcClient.Command(probe));
        Assert.Contains(" NAK ", nak, StringComparison.Ordinal);
        Assert.Contains(" ACK :server-time message-tags", ack, StringComparison.Ordinal);
        Assert.Equal(["001", "002", "003", "004", "005", "005", "251", "252", "254", "255", "265", "266", "375", "372", "372", "376"],
            burst.Select(IrcClient.Command));
        var isupport = string.Join(' ', burst.Where(l => IrcClient.Command(l) == "005"));
        foreach (var token in new[] { "CASEMAPPING=ascii", "CHANTYPES=#", "NICKLEN=32", "CHANNELLEN=33", "PREFIX=(o)@", "CHANMODES=b,,,n", "NETWORK=Piazza", "WHOX" })
        {
            Assert.Contains(token, isupport, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task What_irssi_sends_after_joining_gets_every_answer_it_waits_for()
    {
        await using var server = await StartAsync();
        await using var irc = await IrcClient.RegisterAsync(IrcPort(server), "alice");

        await irc.SendAsync("MODE alice +i");
        await irc.SendAsync("JOIN #piazza");
        await irc.SendAsync("MODE #piazza");
        await irc.SendAsync("WHO #piazza %tcuhnfdar,743");
        await irc.SendAsync("MODE #piazza b");
        var lines = await irc.SyncAsync();

        Assert.Equal(["MODE", "JOIN", "353", "366", "324", "354", "315", "368"], lines.Select(IrcClient.Command));
        Assert.Equal(":alice MODE alice +i", lines[0]);
        Assert.StartsWith(":alice!~alice@piazza JOIN #piazza", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(" 354 alice 743 #piazza ~alice piazza alice H 0 0 :alice tester", lines[5], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Messages_cross_between_IRC_and_NDJSON_with_the_same_ids_both_ways()
    {
        await using var server = await StartAsync();
        await using var bob = await server.EnterAsync("bob", "#dev");
        await using var irc = await IrcClient.RegisterAsync(IrcPort(server), "alice", "server-time", "message-tags", "echo-message");
        await irc.SendAsync("JOIN #dev");
        await irc.ExpectAsync(l => IrcClient.Command(l) == "366");
        await bob.ExpectAsync<JoinedFrame>(j => j.User == "alice");

        await irc.SendAsync("PRIVMSG #dev :ciao from IRC");
        var echo = await irc.ExpectAsync(l => IrcClient.Command(l) == "PRIVMSG");
        var atBob = await bob.ExpectAsync<MessageFrame>();
        var ack = await bob.SayInAsync("#dev", "ciao from NDJSON");
        var atAlice = await irc.ExpectAsync(l => IrcClient.Command(l) == "PRIVMSG");

        Assert.Equal(("alice", "ciao from IRC", "#dev"), (atBob.From, atBob.Text, atBob.Room));
        Assert.Equal(atBob.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), IrcClient.Tag(echo, "msgid"));
        Assert.Equal(ack.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), IrcClient.Tag(atAlice, "msgid"));
        Assert.EndsWith(":bob!~bob@piazza PRIVMSG #dev :ciao from NDJSON", atAlice, StringComparison.Ordinal);
        Assert.Equal(ack.Ts.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture), IrcClient.Tag(atAlice, "time"));
    }

    [Fact]
    public async Task A_PRIVMSG_to_a_nick_is_a_direct_message_and_an_NDJSON_direct_message_arrives_as_a_PRIVMSG()
    {
        await using var server = await StartAsync();
        await using var bob = await server.EnterAsync("bob");
        await using var irc = await IrcClient.RegisterAsync(IrcPort(server), "alice");

        await irc.SendAsync("PRIVMSG bob :psst");
        var atBob = await bob.ExpectAsync<MessageFrame>();
        await bob.SayInAsync("@alice", "hi back");
        var atAlice = await irc.ExpectAsync(l => IrcClient.Command(l) == "PRIVMSG");

        Assert.Equal(("@alice", "alice", "psst"), (atBob.Room, atBob.From, atBob.Text));
        Assert.Equal(":bob!~bob@piazza PRIVMSG alice :hi back", atAlice);
    }

    [Fact]
    public async Task CHATHISTORY_returns_what_NDJSON_clients_said_with_their_ids_and_the_history_holds_what_IRC_said()
    {
        await using var server = await StartAsync();
        await using var bob = await server.EnterAsync("bob", "#dev");
        var first = await bob.SayInAsync("#dev", "one");
        var second = await bob.SayInAsync("#dev", "two");
        await using var irc = await IrcClient.RegisterAsync(IrcPort(server), "alice", "server-time", "message-tags", "batch", "draft/chathistory");
        await irc.SendAsync("JOIN #dev");
        await irc.ExpectAsync(l => IrcClient.Command(l) == "366");
        await irc.SendAsync("PRIVMSG #dev :three");
        var three = await bob.ExpectAsync<MessageFrame>(m => m.Text == "three");

        await irc.SendAsync("CHATHISTORY LATEST #dev * 10");
        var page = await irc.SyncAsync();
        await irc.SendAsync($"CHATHISTORY BEFORE #dev msgid={second.Id} 10");
        var before = await irc.SyncAsync();
        await bob.SendAsync(new HistoryFrame("#dev", Limit: 10));
        var history = await bob.ExpectAsync<HistoryFrame>(h => h.Events is not null);

        var messages = page.Where(l => IrcClient.Command(l) == "PRIVMSG").ToList();
        Assert.StartsWith("BATCH", IrcClient.Command(page[0]), StringComparison.Ordinal);
        Assert.Contains(" chathistory #dev", page[0], StringComparison.Ordinal);
        Assert.Equal([$"{first.Id}", $"{second.Id}", $"{three.Id}"], messages.Select(l => IrcClient.Tag(l, "msgid")));
        Assert.Equal(["one", "two", "three"], messages.Select(l => l[(l.LastIndexOf(' ') + 1)..]));
        Assert.Single(before, l => IrcClient.Command(l) == "PRIVMSG" && l.EndsWith(" one", StringComparison.Ordinal));
        Assert.Contains(history.Events!, e => e is MessageFrame { From: "alice", Text: "three" } m && m.Id == three.Id);
    }

    [Fact]
    public async Task An_NDJSON_member_joining_and_leaving_shows_as_JOIN_and_QUIT_and_a_PART_message_reaches_NDJSON_as_the_note()
    {
        await using var server = await StartAsync();
        await using var irc = await IrcClient.RegisterAsync(IrcPort(server), "alice");
        await irc.SendAsync("JOIN #dev");
        await irc.ExpectAsync(l => IrcClient.Command(l) == "366");
        var bob = await server.EnterAsync("bob", "#dev");
        var joined = await irc.ExpectAsync(l => IrcClient.Command(l) == "JOIN");
        await irc.SendAsync("PART #dev :see you");
        var left = await bob.ExpectAsync<LeftFrame>();
        await irc.SendAsync("JOIN #dev");
        await irc.ExpectAsync(l => IrcClient.Command(l) == "366");
        await bob.DisposeAsync();
        var quit = await irc.ExpectAsync(l => IrcClient.Command(l) == "QUIT");

        Assert.Equal(":bob!~bob@piazza JOIN #dev", joined);
        Assert.Equal(("alice", "part", "see you"), (left.User, left.Reason, left.Note));
        Assert.StartsWith(":bob!~bob@piazza QUIT :", quit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_nick_in_use_is_refused_with_433_and_a_name_the_rules_refuse_with_432()
    {
        await using var server = await StartAsync();
        await using var bob = await server.EnterAsync("bob");
        await using var irc = await IrcClient.ConnectAsync(IrcPort(server));

        await irc.SendAsync("NICK bob");
        var taken = await irc.ExpectAsync(_ => true);
        await irc.SendAsync("NICK 9lives");
        var invalid = await irc.ExpectAsync(_ => true);
        await irc.SendAsync("NICK jo|ann");
        await irc.SendAsync("USER jo 0 * :Jo");
        var welcome = await irc.ExpectAsync(l => IrcClient.Command(l) == "001");
        await irc.ExpectAsync(l => IrcClient.Command(l) == "376");
        await irc.SendAsync("NICK other");
        var refused = await irc.ExpectAsync(_ => true);

        Assert.Equal("433", IrcClient.Command(taken));
        Assert.Equal("432", IrcClient.Command(invalid));
        Assert.StartsWith(":piazza.irc 001 jo|ann ", welcome, StringComparison.Ordinal);
        Assert.Equal("433", IrcClient.Command(refused));
        Assert.Contains("cannot change", refused, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hostile_lines_are_answered_and_nothing_reaches_the_room_or_disturbs_an_NDJSON_member()
    {
        await using var server = await StartAsync();
        await using var bob = await server.EnterAsync("bob", "#dev");
        await using var irc = await IrcClient.RegisterAsync(IrcPort(server), "mallory");
        await irc.SendAsync("JOIN #dev");
        await irc.ExpectAsync(l => IrcClient.Command(l) == "366");

        await irc.SendAsync("PRIVMSG #dev :" + new string('x', 600));
        await irc.SendAsync("@" + new string('t', 4200) + " PRIVMSG #dev :tags");
        await irc.SendRawAsync("PRIVMSG #dev :nul\0byte\r\n"u8.ToArray());
        await irc.SendRawAsync([.. "PRIVMSG #dev :bad "u8.ToArray(), 0xC0, 0xAF, (byte)'\r', (byte)'\n']);
        // A CTCP flood: flood control paces it (burst 10, 5 a second), and nothing of it is relayed.
        for (var i = 0; i < 30; i++)
        {
            await irc.SendAsync("PRIVMSG bob :\u0001VERSION\u0001");
        }

        var answers = await irc.SyncAsync();
        var after = await bob.SayInAsync("#dev", "still here");

        Assert.Contains(answers, l => IrcClient.Command(l) == "417");
        Assert.Contains(answers, l => IrcClient.Command(l) == "FAIL" && l.Contains("INVALID_UTF8", StringComparison.Ordinal));
        Assert.Contains(answers, l => IrcClient.Command(l) == "421");
        Assert.DoesNotContain(bob.Received, f => f is MessageFrame);
        Assert.True(after.Id > 0);
        Assert.False(irc.Ended);
    }

    [Fact]
    public async Task A_line_longer_than_the_door_reads_closes_the_connection_with_ERROR_and_an_NDJSON_member_sees_it_leave()
    {
        await using var server = await StartAsync();
        await using var bob = await server.EnterAsync("bob", "#dev");
        await using var irc = await IrcClient.RegisterAsync(IrcPort(server), "mallory");
        await irc.SendAsync("JOIN #dev");
        await irc.ExpectAsync(l => IrcClient.Command(l) == "366");

        await irc.SendRawAsync(new byte[64 * 1024].Select(_ => (byte)'a').ToArray());
        var error = await irc.ExpectAsync(l => IrcClient.Command(l) == "ERROR");
        var left = await bob.ExpectAsync<LeftFrame>();

        Assert.Contains("too long", error, StringComparison.Ordinal);
        Assert.Equal(("mallory", "error"), (left.User, left.Reason));
    }

    [Fact]
    public async Task A_thousand_JOINs_stop_at_the_room_cap_with_405_and_the_server_keeps_serving()
    {
        await using var server = await StartAsync();
        await using var irc = await IrcClient.RegisterAsync(IrcPort(server), "mallory");

        for (var i = 0; i < 1000; i += 50)
        {
            await irc.SendAsync("JOIN " + string.Join(',', Enumerable.Range(i, 50).Select(n => $"#r{n}")));
        }

        var lines = await irc.SyncAsync();
        await using var bob = await server.EnterAsync("bob", "#piazza");
        var ack = await bob.SayInAsync("#piazza", "still served");

        Assert.Equal(100, lines.Count(l => IrcClient.Command(l) == "JOIN"));
        Assert.Equal(900, lines.Count(l => IrcClient.Command(l) == "405"));
        Assert.True(ack.Id > 0);
    }

    [Fact]
    public async Task Labeled_commands_get_their_label_back_as_a_tagged_line_an_ACK_or_a_batch()
    {
        await using var server = await StartAsync();
        await using var irc = await IrcClient.RegisterAsync(IrcPort(server), "alice", "labeled-response", "batch", "echo-message", "message-tags");

        await irc.SendAsync("@label=one PING x");
        var pong = await irc.ExpectAsync(l => IrcClient.Command(l) == "PONG");
        await irc.SendAsync("@label=two PONG x");
        var ack = await irc.ExpectAsync(l => IrcClient.Command(l) == "ACK");
        await irc.SendAsync("@label=three JOIN #dev");
        var batch = await irc.ExpectAsync(l => IrcClient.Command(l) == "BATCH");
        await irc.ExpectAsync(l => IrcClient.Command(l) == "BATCH");
        await irc.SendAsync("@label=four PRIVMSG #dev :hi");
        var echo = await irc.ExpectAsync(l => IrcClient.Command(l) == "PRIVMSG");

        Assert.Equal("one", IrcClient.Tag(pong, "label"));
        Assert.Equal("two", IrcClient.Tag(ack, "label"));
        Assert.Equal("three", IrcClient.Tag(batch, "label"));
        Assert.Contains("labeled-response", batch, StringComparison.Ordinal);
        Assert.Equal("four", IrcClient.Tag(echo, "label"));
    }

    [Fact]
    public async Task The_IRC_door_is_off_unless_asked_for()
    {
        await using var server = await TestServer.StartAsync();

        Assert.Null(server.Server.IrcEndPoint);
    }
}
