using System.Text;
using Piazza.Bench;

namespace Piazza.Bench.Tests;

public sealed class PayloadTests
{
    [Fact]
    public void A_stamped_say_is_a_valid_frame_whose_text_reads_back()
    {
        var payload = new Payload(0xBEEF, 100);
        var frame = payload.NewSayFrame(sender: 7);
        Payload.Stamp(frame, seq: 42, timestamp: 1234567890123);

        var sequence = new System.Buffers.ReadOnlySequence<byte>(frame);
        var result = FrameDecoder.Read(ref sequence, ProtocolLimits.MaxClientFrameBytes);
        var say = Assert.IsType<SayFrame>(result.Frame);
        Assert.Equal(100, say.Text.Length);
        Assert.True(MessageTextRules.Validate(say.Text).IsValid);

        Assert.True(payload.TryRead(Encoding.ASCII.GetBytes(say.Text), out var sender, out var seq, out var sent));
        Assert.Equal((7, 42L, 1234567890123L), (sender, seq, sent));
    }

    [Fact]
    public void Texts_of_another_run_or_person_are_not_read()
    {
        var mine = new Payload(1, 80);
        var theirs = new Payload(2, 80);
        var frame = theirs.NewSayFrame(0);
        var text = frame.AsSpan(22, 80);

        Assert.False(mine.TryRead(text, out _, out _, out _));
        Assert.False(mine.TryRead("ciao a tutti"u8, out _, out _, out _));
    }

    [Fact]
    public void The_scanner_reads_the_fields_the_server_writes()
    {
        var frame = FrameWriter.ToBytes(new MessageFrame(9_000_000_001, DateTimeOffset.UnixEpoch, "alice", "pABCD 00001 hello"));
        var line = frame.AsSpan(0, frame.Length - 1);

        Assert.Equal("message"u8.ToArray(), FrameScan.LeadingType(line).ToArray());
        Assert.True(FrameScan.TryGetInt64(line, "\"id\":"u8, out var id));
        Assert.Equal(9_000_000_001, id);
        Assert.Equal("pABCD 00001 hello"u8.ToArray(), FrameScan.RawString(line, "\"text\":\""u8).ToArray());
        Assert.True(FrameScan.LeadingType("{\"id\":1,\"type\":\"message\"}"u8).IsEmpty);
    }
}
