using System.Text;

namespace Piazza.Server.Tests;

/// <summary>Protocol §1: frames are cut out of the byte stream whatever its TCP chunking.</summary>
public sealed class FramingTests
{
    [Fact]
    public async Task Two_messages_sent_back_to_back_in_one_write_arrive_as_two_messages()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.JoinAsync("alice");
        await using var bob = await server.JoinAsync("bob");

        await alice.SendRawAsync(RawLines.Say("first", "r1").Concat(RawLines.Say("second", "r2")).ToArray());

        var first = await bob.ExpectAsync<MessageFrame>();
        var second = await bob.ExpectAsync<MessageFrame>();
        Assert.Equal(("first", "second"), (first.Text, second.Text));
        Assert.True(second.Id > first.Id);
        Assert.Equal("r1", (await alice.ExpectAsync<AckFrame>()).Ref);
        Assert.Equal("r2", (await alice.ExpectAsync<AckFrame>()).Ref);
    }

    [Fact]
    public async Task A_message_larger_than_one_socket_read_arrives_whole_when_sent_in_several_writes()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.JoinAsync("alice");
        await using var bob = await RawClient.ConnectAsync(server.Port, readChunk: 97);
        await bob.JoinAsync("bob");

        // 2000 three-byte characters: 6000 bytes of text, sent in four writes cut mid-character.
        var text = string.Concat(Enumerable.Range(0, 2000).Select(i => (char)('一' + (i % 500))));
        var line = RawLines.Say(text, "big");
        await alice.SendInPiecesAsync(line, 1001, 2999, 4500);

        var message = await bob.ExpectAsync<MessageFrame>();
        Assert.Equal(text, message.Text);
        Assert.Equal("alice", message.From);
        Assert.Equal("big", (await alice.ExpectAsync<AckFrame>()).Ref);
    }

    [Theory]
    [InlineData("😀", 2)]
    [InlineData("😀", 1)]
    [InlineData("😀", 3)]
    [InlineData("中", 1)]
    [InlineData("中", 2)]
    public async Task A_multibyte_character_split_across_TCP_segments_arrives_intact(string character, int bytesInFirstSegment)
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.JoinAsync("alice");
        await using var bob = await server.JoinAsync("bob");

        var text = $"a{character}b";
        var line = RawLines.Say(text);
        var characterStart = Array.IndexOf(line, (byte)'a', Encoding.UTF8.GetByteCount("""{"type":"say","text":""")) + 1;
        await alice.SendInPiecesAsync(line, characterStart + bytesInFirstSegment);

        var message = await bob.ExpectAsync<MessageFrame>();
        Assert.Equal(text, message.Text);
    }

    [Fact]
    public async Task Carriage_returns_blank_lines_and_unknown_fields_are_ignored()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.JoinAsync("alice");
        await using var bob = await server.JoinAsync("bob");

        await alice.SendRawAsync(Encoding.UTF8.GetBytes(
            "\n   \r\n\t\n{\"type\":\"say\",\"text\":\"crlf\",\"ref\":\"c\",\"future\":{\"x\":[1,2]}}\r\n\n"));

        Assert.Equal("crlf", (await bob.ExpectAsync<MessageFrame>()).Text);
        var seen = await alice.SyncAsync();
        Assert.Equal(["c"], seen.OfType<AckFrame>().Select(a => a.Ref));
        Assert.Empty(seen.OfType<ErrorFrame>());
    }

    [Fact]
    public async Task A_frame_of_exactly_16_KiB_is_accepted()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.JoinAsync("alice");
        await using var bob = await server.JoinAsync("bob");

        await alice.SendRawAsync(RawLines.PaddedSay("at the limit", "edge", ProtocolLimits.MaxClientFrameBytes));

        Assert.Equal("edge", (await alice.ExpectAsync<Frame>(f => f is AckFrame or ErrorFrame) as AckFrame)?.Ref);
        Assert.Equal("at the limit", (await bob.ExpectAsync<MessageFrame>()).Text);
    }

    [Fact]
    public async Task A_frame_of_16_KiB_sent_in_many_small_writes_is_accepted()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.JoinAsync("alice");

        var line = RawLines.PaddedSay("slowly", "drip", ProtocolLimits.MaxClientFrameBytes);
        await alice.SendInPiecesAsync(line, [.. Enumerable.Range(1, 7).Select(i => i * 2048)]);

        Assert.Equal("drip", (await alice.ExpectAsync<AckFrame>()).Ref);
    }
}
