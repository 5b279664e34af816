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

    [Theory]
    [MemberData(nameof(NotAnInteger))]
    public void Room_last_id_must_be_a_64_bit_integer(string value)
    {
        Assert.Contains("'lastId'", Wire.Refused($$"""{"type":"room","room":"#a","users":[],"lastId":{{value}},"epoch":"e"}""").Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(NotAnInteger))]
    public void Join_since_must_be_a_64_bit_integer(string value)
    {
        Assert.Contains("'since'", Wire.Refused($$"""{"type":"join","room":"#a","since":{{value}}}""").Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(NotAnInteger))]
    public void Topic_id_must_be_a_64_bit_integer(string value)
    {
        Assert.Contains("'id'", Wire.Refused($$"""{"type":"topic","room":"#a","topic":"t","id":{{value}}}""").Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(NotAnInteger))]
    public void History_before_must_be_a_64_bit_integer(string value)
    {
        Assert.Contains("'before'", Wire.Refused($$"""{"type":"history","room":"#a","before":{{value}}}""").Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(NotAnInteger))]
    [InlineData("2147483648")]
    [InlineData("-2147483649")]
    [InlineData("100.5")]
    [InlineData("1e2")]
    public void History_limit_must_be_a_32_bit_integer(string value)
    {
        Assert.Contains("'limit'", Wire.Refused($$"""{"type":"history","room":"#a","limit":{{value}}}""").Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(NotAnInteger))]
    [InlineData("-1")]
    [InlineData("-9223372036854775808")]
    public void A_hello_cursor_s_since_must_be_a_non_negative_64_bit_integer(string value)
    {
        var line = $$$$"""{"type":"hello","user":"a","protocol":2,"rooms":{"#a":{"since":{{{{value}}}},"epoch":"e"}}}""";

        Assert.Contains("'rooms'", Wire.Refused(line).Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(NotAnInteger))]
    [InlineData("-1")]
    [InlineData("2147483648")]
    public void A_room_summary_s_members_must_be_a_non_negative_32_bit_integer(string value)
    {
        Assert.Contains("'rooms'", Wire.Refused($$"""{"type":"rooms","rooms":[{"room":"#a","members":{{value}}}]}""").Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("-0.5")]
    [InlineData("-1e-300")]
    [InlineData("1e400")]
    [InlineData("-1e400")]
    [InlineData("\"5\"")]
    [InlineData("true")]
    [InlineData("[]")]
    [InlineData("{}")]
    public void Welcome_rates_must_be_non_negative_finite_numbers(string value)
    {
        foreach (var rate in new[] { "rateBurst", "ratePerSecond" })
        {
            var line = $$$"""{"type":"welcome","user":"a","users":[],"lastId":1,"limits":{"{{{rate}}}":{{{value}}}}}""";
            Assert.Contains("'limits'", Wire.Refused(line).Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("-0", 0)]
    [InlineData("0.5", 0.5)]
    [InlineData("10", 10)]
    [InlineData("10.0", 10)]
    [InlineData("1e3", 1000)]
    [InlineData("2.5E-1", 0.25)]
    [InlineData("1.7976931348623157E+308", double.MaxValue)]
    public void Welcome_rates_may_be_fractional(string value, double expected)
    {
        var line = $$$"""{"type":"welcome","user":"a","users":[],"lastId":1,"limits":{"rateBurst":{{{value}}},"ratePerSecond":{{{value}}}}}""";

        var limits = ((WelcomeFrame)Wire.Decode(line)).Limits;

        Assert.Equal(expected, limits.RateBurst);
        Assert.Equal(expected, limits.RatePerSecond);
    }

    [Fact]
    public void The_extremes_of_the_version_2_ranges_are_accepted()
    {
        Assert.Equal(long.MaxValue, ((HistoryFrame)Wire.Decode("""{"type":"history","room":"#a","before":9223372036854775807}""")).Before);
        Assert.Equal(int.MaxValue, ((HistoryFrame)Wire.Decode("""{"type":"history","room":"#a","limit":2147483647}""")).Limit);
        Assert.Equal(0, ((HistoryFrame)Wire.Decode("""{"type":"history","room":"#a","limit":0}""")).Limit);
        Assert.Equal(long.MaxValue, ((JoinFrame)Wire.Decode("""{"type":"join","room":"#a","since":9223372036854775807}""")).Since);
        Assert.Equal(long.MinValue, ((RoomFrame)Wire.Decode("""{"type":"room","room":"#a","users":[],"lastId":-9223372036854775808,"epoch":"e"}""")).LastId);
        Assert.Equal(long.MaxValue, ((TopicFrame)Wire.Decode("""{"type":"topic","room":"#a","topic":"t","id":9223372036854775807}""")).Id);

        var hello = (HelloFrame)Wire.Decode("""{"type":"hello","user":"a","rooms":{"#a":{"since":0},"#b":{"since":9223372036854775807}}}""");
        Assert.Equal(0, hello.Rooms!["#a"].Since);
        Assert.Equal(long.MaxValue, hello.Rooms["#b"].Since);

        var rooms = (RoomsFrame)Wire.Decode("""{"type":"rooms","rooms":[{"room":"#a","members":0},{"room":"#b","members":2147483647}]}""");
        Assert.Equal([0, int.MaxValue], rooms.Rooms!.Select(r => r.Members));
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
