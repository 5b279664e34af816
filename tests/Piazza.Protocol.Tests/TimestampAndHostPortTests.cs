using System.Buffers;
using System.Text;

namespace Piazza.Protocol.Tests;

public sealed class TimestampAndHostPortTests
{
    // The row without an offset can only fail where the local time zone is not UTC (CI machines
    // usually run in UTC); it documents the rule where they do not.
    [Theory]
    [InlineData("2026-11-25T20:00:02.000Z")]
    [InlineData("2026-11-25T20:00:02")]
    [InlineData("2026-11-25T21:00:02+01:00")]
    public void A_timestamp_without_an_offset_is_read_as_UTC_not_local_time(string ts)
    {
        var line = Encoding.UTF8.GetBytes($"{{\"type\":\"joined\",\"id\":1,\"ts\":\"{ts}\",\"user\":\"bob\"}}\n");
        var buffer = new ReadOnlySequence<byte>(line);

        var frame = Assert.IsType<JoinedFrame>(FrameDecoder.Read(ref buffer, ProtocolLimits.MaxServerFrameBytes).Frame);

        Assert.Equal(new DateTimeOffset(2026, 11, 25, 20, 0, 2, TimeSpan.Zero), frame.Ts);
    }

    [Theory]
    [InlineData("example.org:80", "example.org")]
    [InlineData("127.0.0.1:5000", "127.0.0.1")]
    public void A_host_with_a_port_says_to_put_the_port_in_its_own_field(string host, string without)
    {
        var verdict = EndpointRules.ValidateHost(host);

        Assert.False(verdict.IsValid);
        Assert.Contains("includes a port", verdict.Message, StringComparison.Ordinal);
        Assert.Contains($"'{without}'", verdict.Message, StringComparison.Ordinal);
        Assert.Contains("Port field", verdict.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("::1")]
    [InlineData("[::1]")]
    [InlineData("fe80::1")]
    public void IPv6_addresses_are_not_mistaken_for_a_host_with_a_port(string host) =>
        Assert.True(EndpointRules.ValidateHost(host).IsValid);
}
