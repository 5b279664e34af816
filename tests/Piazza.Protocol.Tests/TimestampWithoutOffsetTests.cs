using System.Buffers;
using System.Text;
using Piazza.Protocol.Tests.Support;

namespace Piazza.Protocol.Tests;

/// <summary>A <c>ts</c> without an offset is UTC, as the server writes it, whatever the reading machine's time zone.</summary>
[Collection(nameof(ChangesLocalTimeZone))]
public sealed class TimestampWithoutOffsetTests
{
    [Theory]
    [InlineData("2026-11-25T20:00:02.000Z")]
    [InlineData("2026-11-25T20:00:02")]
    [InlineData("2026-11-25T21:00:02+01:00")]
    public void A_timestamp_without_an_offset_is_read_as_UTC_not_local_time(string ts)
    {
        // Nine hours ahead of UTC, so reading in local time would be off even where the machine runs in UTC.
        using var zone = LocalTimeZone.Set("Asia/Tokyo");
        var line = Encoding.UTF8.GetBytes($"{{\"type\":\"joined\",\"id\":1,\"ts\":\"{ts}\",\"user\":\"bob\"}}\n");
        var buffer = new ReadOnlySequence<byte>(line);

        var frame = Assert.IsType<JoinedFrame>(FrameDecoder.Read(ref buffer, ProtocolLimits.MaxServerFrameBytes).Frame);

        Assert.Equal(new DateTimeOffset(2026, 11, 25, 20, 0, 2, TimeSpan.Zero), frame.Ts);
    }
}
