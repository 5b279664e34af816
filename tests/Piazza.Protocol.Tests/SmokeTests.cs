using System.Buffers;
using System.Text;
using Piazza.Protocol;

namespace Piazza.Protocol.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void A_say_round_trips()
    {
        var bytes = FrameWriter.ToBytes(new SayFrame("ciao a tutti", "c-17"));
        Assert.Equal("{\"type\":\"say\",\"text\":\"ciao a tutti\",\"ref\":\"c-17\"}\n", Encoding.UTF8.GetString(bytes));
        var buffer = new ReadOnlySequence<byte>(bytes);
        var result = FrameDecoder.Read(ref buffer, ProtocolLimits.MaxClientFrameBytes);
        Assert.Equal(FrameReadStatus.Frame, result.Status);
        Assert.Equal(new SayFrame("ciao a tutti", "c-17"), result.Frame);
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void Lone_surrogate_escape_is_bad_frame()
    {
        var bytes = "{\"type\":\"say\",\"text\":\"\\ud800\"}\n"u8.ToArray();
        var buffer = new ReadOnlySequence<byte>(bytes);
        var result = FrameDecoder.Read(ref buffer, ProtocolLimits.MaxClientFrameBytes);
        Assert.Equal(FrameReadStatus.Invalid, result.Status);
        Assert.Equal(ErrorCodes.BadFrame, result.Error!.Code);
    }
}
