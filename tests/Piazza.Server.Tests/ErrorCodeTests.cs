using System.Text;

namespace Piazza.Server.Tests;

/// <summary>Protocol §5: every error code, when it is sent, and what happens to the connection after.</summary>
public sealed class ErrorCodeTests
{
    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"type\":\"say\",\"text\":\"unterminated}")]
    [InlineData("[\"type\",\"say\"]")]
    [InlineData("\"just a string\"")]
    [InlineData("{\"text\":\"no type\"}")]
    [InlineData("{\"type\":42}")]
    [InlineData("{\"type\":null}")]
    [InlineData("{\"type\":\"say\",\"text\":7}")]
    [InlineData("{\"type\":\"say\"}")]
    [InlineData("{\"type\":\"say\",\"text\":\"x\",\"ref\":\"rrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrr\"}")]
    [InlineData("{\"type\":\"say\",\"text\":\"a\",\"text\":\"b\"}")]
    [InlineData("{\"type\":\"say\",\"text\":\"x\"} trailing")]
    [InlineData("{\"type\":\"hello\",\"user\":\"x\",\"protocol\":\"1\"}")]
    [InlineData("{\"type\":\"hello\",\"user\":\"x\",\"protocol\":1e400}")]
    [InlineData("{\"type\":\"say\",\"text\":\"broken \\ud800 half\"}")]
    [InlineData("{\"type\":\"say\",\"text\":\"deep\",\"x\":[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]}")]
    public async Task A_line_that_is_not_a_valid_frame_gets_bad_frame_and_the_connection_stays_open(string line)
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.JoinAsync("alice");
        await using var bob = await server.JoinAsync("bob");

        await alice.SendLineAsync(line);
        var error = await alice.ExpectErrorAsync(ErrorCodes.BadFrame);

        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        await alice.SayAsync("still open");
        Assert.Equal("still open", (await bob.ExpectAsync<MessageFrame>()).Text);
    }

    [Fact]
    public async Task A_line_that_is_not_valid_UTF8_gets_bad_frame_and_the_connection_stays_open()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.JoinAsync("alice");

        byte[] line = [.. "{\"type\":\"say\",\"text\":\""u8, 0xC3, 0x28, 0xFF, .. "\"}\n"u8];
        await alice.SendRawAsync(line);

        await alice.ExpectErrorAsync(ErrorCodes.BadFrame);
        await alice.SayAsync("still open");
    }

    [Fact]
    public async Task An_unknown_type_after_joining_gets_unknown_type_and_the_connection_stays_open()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.JoinAsync("alice");

        await alice.SendLineAsync("""{"type":"dance","style":"tango"}""");
        var error = await alice.ExpectErrorAsync(ErrorCodes.UnknownType);
        await alice.SendLineAsync("""{"type":"welcome","user":"alice","users":[],"lastId":1}""");
        await alice.ExpectErrorAsync(ErrorCodes.UnknownType);

        Assert.Contains("dance", error.Message, StringComparison.Ordinal);
        await alice.SayAsync("still open");
    }

    [Fact]
    public async Task A_frame_over_16_KiB_from_a_member_gets_frame_too_large_closes_the_connection_and_is_announced_with_reason_error()
    {
        await using var server = await TestServer.StartAsync();
        await using var watcher = await server.JoinAsync("watcher");
        await using var alice = await server.JoinAsync("alice");

        await alice.SendRawAsync(RawLines.PaddedSay("too big", "big", ProtocolLimits.MaxClientFrameBytes + 1));
        var rest = await alice.ReadToEndAsync();

        var error = Assert.IsType<ErrorFrame>(Assert.Single(rest));
        Assert.Equal(ErrorCodes.FrameTooLarge, error.Code);
        await watcher.AssertLeftOnceAsync("alice", LeaveReasons.Error);
        Assert.DoesNotContain(watcher.Received, f => f is MessageFrame);
        await Eventually.TrueAsync(() => server.Server.ConnectionCount == 1);
    }

    [Fact]
    public async Task A_line_without_end_is_cut_off_at_16_KiB_before_joining_and_is_not_announced()
    {
        await using var server = await TestServer.StartAsync();
        await using var watcher = await server.JoinAsync("watcher");
        await using var stranger = await server.ConnectAsync();

        // A megabyte with no newline, and the line never ends: the server answers at its limit
        // instead of waiting for the end of a line that would not fit.
        var endless = Encoding.ASCII.GetBytes("{\"type\":\"hello\",\"user\":\"" + new string('x', 1024 * 1024));
        var sending = stranger.SendRawAsync(endless);
        var rest = await stranger.ReadToEndAsync();

        Assert.Equal(ErrorCodes.FrameTooLarge, Assert.IsType<ErrorFrame>(Assert.Single(rest)).Code);
        try
        {
            await sending;
        }
        catch (System.Net.Sockets.SocketException)
        {
            // The server closed while the rest was still on its way: as it should.
        }

        await watcher.SendAsync(PongFrame.Instance);
        Assert.Empty(await watcher.SyncAsync());
    }

    [Theory]
    [InlineData("""{"type":"say","text":"too early","ref":"e"}""")]
    [InlineData("""{"type":"who"}""")]
    [InlineData("""{"type":"dance"}""")]
    [InlineData("""{"type":"ack","id":1,"ts":"2026-01-01T00:00:00Z"}""")]
    public async Task Anything_but_hello_ping_pong_and_bye_before_joining_gets_not_joined_and_the_connection_stays_open(string line)
    {
        await using var server = await TestServer.StartAsync();
        await using var watcher = await server.JoinAsync("watcher");
        await using var client = await server.ConnectAsync();

        await client.SendLineAsync(line);
        await client.ExpectErrorAsync(ErrorCodes.NotJoined);
        await client.JoinAsync("late");

        var seen = await watcher.FramesUntilAsync<JoinedFrame>(j => j.User == "late");
        Assert.DoesNotContain(seen, f => f is MessageFrame);
    }

    [Fact]
    public async Task Bye_before_joining_closes_the_connection_quietly()
    {
        await using var server = await TestServer.StartAsync();
        await using var watcher = await server.JoinAsync("watcher");
        await using var client = await server.ConnectAsync();

        await client.SendAsync(ByeFrame.Instance);

        Assert.Empty(await client.ReadToEndAsync());
        await watcher.SendAsync(PongFrame.Instance);
        Assert.Empty(await watcher.SyncAsync());
    }

    [Fact]
    public async Task A_second_hello_gets_already_joined_and_changes_nothing()
    {
        await using var server = await TestServer.StartAsync();
        await using var watcher = await server.JoinAsync("watcher");
        await using var alice = await server.JoinAsync("alice");

        await alice.SendAsync(new HelloFrame("someone_else"));
        await alice.ExpectErrorAsync(ErrorCodes.AlreadyJoined);
        await alice.SayAsync("same name");

        Assert.Equal("alice", (await watcher.ExpectAsync<MessageFrame>()).From);
        await watcher.SendAsync(WhoFrame.Instance);
        Assert.Equal(["alice", "watcher"], (await watcher.ExpectAsync<UsersFrame>()).Users.Order());
    }

    [Theory]
    [InlineData("", "required")]
    [InlineData("1alice", "letter")]
    [InlineData("_alice", "letter")]
    [InlineData("al ice", "space")]
    [InlineData("ali\u200Bce", "U+200B")]
    [InlineData("ali\u200Dce", "U+200D")]
    [InlineData("\uFEFFalice", "letter")]
    [InlineData("alicé", "'é'")]
    [InlineData("al/ice", "'/'")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456", "32")]
    [InlineData("server", "reserved")]
    [InlineData("SYSTEM", "reserved")]
    [InlineData("Admin", "reserved")]
    [InlineData("eVeRyOnE", "reserved")]
    [InlineData("HERE", "reserved")]
    public async Task A_username_that_breaks_a_rule_gets_invalid_username_naming_the_rule_and_the_connection_stays_open(string user, string named)
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();

        await client.SendAsync(new HelloFrame(user));
        var error = await client.ExpectErrorAsync(ErrorCodes.InvalidUsername);

        Assert.Contains(named, error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, server.Server.MemberCount);
        await client.JoinAsync("valid_name-1.ok");
    }

    [Fact]
    public async Task A_32_character_name_and_names_that_merely_contain_reserved_words_are_accepted()
    {
        await using var server = await TestServer.StartAsync();
        foreach (var name in new[] { "abcdefghijklmnopqrstuvwxyz012345", "servers", "adminx", "here.now", "Z" })
        {
            await using var client = await server.JoinAsync(name);
            Assert.Equal(name, client.User);
        }
    }

    [Theory]
    [InlineData(3)]
    [InlineData(int.MaxValue)]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task A_hello_for_another_protocol_version_gets_unsupported_protocol_and_the_connection_stays_open(int version)
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await server.ConnectAsync();

        await client.SendAsync(new HelloFrame("alice", Protocol: version));
        var error = await client.ExpectErrorAsync(ErrorCodes.UnsupportedProtocol);

        Assert.Contains(version.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        await client.SendAsync(new HelloFrame("alice", Protocol: 1));
        await client.ExpectAsync<WelcomeFrame>();
    }

    [Theory]
    [InlineData("", ErrorCodes.EmptyMessage)]
    [InlineData("   ", ErrorCodes.EmptyMessage)]
    [InlineData("\n\t \n", ErrorCodes.EmptyMessage)]
    [InlineData("bell \u0007", ErrorCodes.InvalidText)]
    [InlineData("nul \u0000", ErrorCodes.InvalidText)]
    [InlineData("cr \r", ErrorCodes.InvalidText)]
    [InlineData("esc \u001B[31m", ErrorCodes.InvalidText)]
    [InlineData("del \u007F", ErrorCodes.InvalidText)]
    [InlineData("c1 \u0085", ErrorCodes.InvalidText)]
    [InlineData("c1 \u009B", ErrorCodes.InvalidText)]
    [InlineData("lre \u202A", ErrorCodes.InvalidText)]
    [InlineData("rlo \u202E", ErrorCodes.InvalidText)]
    [InlineData("lri \u2066", ErrorCodes.InvalidText)]
    [InlineData("pdi \u2069", ErrorCodes.InvalidText)]
    public async Task A_refused_say_gets_its_error_with_its_ref_and_nothing_is_delivered(string text, string code)
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.JoinAsync("alice");
        await using var bob = await server.JoinAsync("bob");

        await alice.SendAsync(new SayFrame(text, "bad-1"));
        var error = await alice.ExpectAsync<ErrorFrame>();
        await alice.SayAsync("marker");

        Assert.Equal((code, "bad-1"), (error.Code, error.Ref));
        Assert.DoesNotContain(alice.Received, f => f is AckFrame a && a.Ref == "bad-1");
        var atBob = await bob.FramesUntilAsync<MessageFrame>();
        Assert.Equal("marker", Assert.Single(atBob.OfType<MessageFrame>()).Text);
    }

    [Fact]
    public async Task Two_thousand_emoji_are_accepted_and_two_thousand_and_one_get_message_too_long()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.JoinAsync("alice");
        await using var bob = await server.JoinAsync("bob");
        var limit = string.Concat(Enumerable.Repeat("😀", 2000));

        await alice.SendRawAsync(RawLines.Say(limit + "😀", "over"));
        var error = await alice.ExpectAsync<ErrorFrame>();
        await alice.SendRawAsync(RawLines.Say(limit, "at"));
        var ack = await alice.ExpectAsync<AckFrame>();

        Assert.Equal((ErrorCodes.MessageTooLong, "over"), (error.Code, error.Ref));
        Assert.Equal("at", ack.Ref);
        var atBob = await bob.FramesUntilAsync<MessageFrame>();
        Assert.Equal(limit, Assert.Single(atBob.OfType<MessageFrame>()).Text);
    }

    [Fact]
    public async Task Two_thousand_and_one_plain_characters_get_message_too_long()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.JoinAsync("alice");

        await alice.SendAsync(new SayFrame(new string('a', 2001), "long"));
        var error = await alice.ExpectErrorAsync(ErrorCodes.MessageTooLong);

        Assert.Equal("long", error.Ref);
        Assert.Contains("2000", error.Message, StringComparison.Ordinal);
    }
}
