using Piazza.Protocol.Tests.Support;

namespace Piazza.Protocol.Tests;

/// <summary>Numeric fields take whole numbers in range; anything else is bad_frame naming the field.</summary>
public sealed class NumberFieldTests
{
    private const string Ts = "\"2026-11-25T20:00:01.000Z\"";

    public static TheoryData<string> NotAnInteger =>
    [
        "1e400", "-1e400", "99999999999999999999", "-99999999999999999999", "9223372036854775808", "-9223372036854775809",
        "1.5", "1.0", "1e2", "0.0", "\"42\"", "true", "[]", "{}",
    ];

    [Theory]
    [MemberData(nameof(NotAnInteger))]
    public void Event_id_must_be_a_64_bit_integer(string value)
    {
        var error = Wire.Refused($$"""{"type":"joined","id":{{value}},"ts":{{Ts}},"user":"a"}""");

        Assert.Contains("'id'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(NotAnInteger))]
    public void Hello_since_must_be_a_64_bit_integer(string value)
    {
        Assert.Contains("'since'", Wire.Refused($$"""{"type":"hello","user":"a","since":{{value}}}""").Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(NotAnInteger))]
    public void Welcome_last_id_must_be_a_64_bit_integer(string value)
    {
        Assert.Contains("'lastId'", Wire.Refused($$"""{"type":"welcome","user":"a","users":[],"lastId":{{value}}}""").Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(NotAnInteger))]
    [InlineData("2147483648")]
    [InlineData("-2147483649")]
    public void Hello_protocol_must_be_a_32_bit_integer(string value)
    {
        Assert.Contains("'protocol'", Wire.Refused($$"""{"type":"hello","user":"a","protocol":{{value}}}""").Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(NotAnInteger))]
    [InlineData("-1")]
    public void Welcome_limits_must_be_non_negative_integers(string value)
    {
        foreach (var limit in new[] { "maxText", "maxFrame", "pingIntervalMs", "timeoutMs" })
        {
            var line = $$$"""{"type":"welcome","user":"a","users":[],"lastId":1,"limits":{"{{{limit}}}":{{{value}}}}}""";
            Assert.Contains("'limits'", Wire.Refused(line).Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("maxText")]
    [InlineData("maxFrame")]
    public void Welcome_size_limits_must_fit_in_32_bits(string limit)
    {
        Wire.Refused($$$"""{"type":"welcome","user":"a","users":[],"lastId":1,"limits":{"{{{limit}}}":2147483648}}""");
    }

    [Fact]
    public void The_extremes_of_the_ranges_are_accepted()
    {
        Assert.Equal(long.MaxValue, ((JoinedFrame)Wire.Decode($$"""{"type":"joined","id":9223372036854775807,"ts":{{Ts}},"user":"a"}""")).Id);
        Assert.Equal(long.MinValue, ((JoinedFrame)Wire.Decode($$"""{"type":"joined","id":-9223372036854775808,"ts":{{Ts}},"user":"a"}""")).Id);
        Assert.Equal(0, ((JoinedFrame)Wire.Decode($$"""{"type":"joined","id":-0,"ts":{{Ts}},"user":"a"}""")).Id);
        Assert.Equal(int.MinValue, ((HelloFrame)Wire.Decode("""{"type":"hello","user":"a","protocol":-2147483648}""")).Protocol);
        Assert.Equal(
            new ServerLimits(int.MaxValue, 0, long.MaxValue, 0),
            ((WelcomeFrame)Wire.Decode("""{"type":"welcome","user":"a","users":[],"lastId":1,"limits":{"maxText":2147483647,"maxFrame":0,"pingIntervalMs":9223372036854775807,"timeoutMs":0}}""")).Limits);
    }

    [Fact]
    public void A_huge_number_in_a_field_the_type_does_not_use_is_ignored()
    {
        Assert.Equal(PingFrame.Instance, Wire.Decode("""{"type":"ping","id":1e400,"since":99999999999999999999,"x":-1e400}"""));
    }

    public static TheoryData<string> BadTimestamps => ["\"...\"", "\"yesterday\"", "\"2026-13-01T00:00:00Z\"", "\"2026-11-25T25:00:00Z\"", "\"\"", "1764100800000", "null", "[]"];

    [Theory]
    [MemberData(nameof(BadTimestamps))]
    public void A_timestamp_must_be_an_iso_8601_string(string value)
    {
        var error = Wire.Refused($$"""{"type":"ack","id":1,"ts":{{value}}}""");

        Assert.Contains("'ts'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Timestamps_with_an_offset_are_read_as_that_instant()
    {
        var ack = (AckFrame)Wire.Decode("""{"type":"ack","id":1,"ts":"2026-11-25T21:00:02.5+01:00"}""");

        Assert.Equal(new DateTimeOffset(2026, 11, 25, 20, 0, 2, 500, TimeSpan.Zero), ack.Ts);
    }
}
