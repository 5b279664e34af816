using Piazza.Protocol.Tests.Support;

namespace Piazza.Protocol.Tests;

/// <summary>Lines that are not one JSON object with a string type.</summary>
public sealed class InvalidJsonTests
{
    public static TheoryData<string> NotJson =>
    [
        "hello",
        "{",
        "}",
        "{\"type\":\"ping\"",
        "{\"type\":\"ping\",}",
        "{\"type\":\"ping\",,\"x\":1}",
        "{'type':'ping'}",
        "{type:\"ping\"}",
        "{\"type\" \"ping\"}",
        "{\"type\":\"ping\"/* comment */}",
        "{\"type\":\"ping\"} // comment",
        "{\"type\":\"ping\",\"x\":NaN}",
        "{\"type\":\"ping\",\"x\":01}",
        "{\"type\":\"ping\",\"x\":.5}",
        "{\"type\":\"ping\",\"x\":+1}",
        "{\"type\":\"ping\",\"x\":tru}",
        "{\"type\":\"say\",\"text\":\"bad \\x escape\"}",
        "{\"type\":\"say\",\"text\":\"short \\u00 escape\"}",
        "{\"type\":\"say\",\"text\":\"raw\ttab\"}",
        "{\"type\":\"say\",\"text\":\"raw\u0001control\"}",
        "{\"type\":\"say\",\"text\":\"unterminated}",
        "\u0000",
        "{\"type\":\"ping\"}\u0000",
        "\uFEFF{\"type\":\"ping\"}",
    ];

    [Theory]
    [MemberData(nameof(NotJson))]
    public void Text_that_is_not_json_is_bad_frame(string line)
    {
        Wire.Refused(line);
    }

    public static TheoryData<string> NotAnObject => ["[]", "[{\"type\":\"ping\"}]", "\"ping\"", "42", "-1.5e3", "true", "false", "null"];

    [Theory]
    [MemberData(nameof(NotAnObject))]
    public void Json_that_is_not_an_object_is_bad_frame(string line)
    {
        var error = Wire.Refused(line);

        Assert.Contains("object", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string> Trailing =>
    [
        "{\"type\":\"ping\"}{\"type\":\"ping\"}",
        "{\"type\":\"ping\"} {}",
        "{\"type\":\"ping\"} x",
        "{\"type\":\"ping\"},",
        "{\"type\":\"ping\"} 1",
        "{\"type\":\"ping\"}]",
        "{\"type\":\"ping\"}}",
        "{\"type\":\"ping\"} \"x\"",
    ];

    [Theory]
    [MemberData(nameof(Trailing))]
    public void Anything_after_the_object_is_bad_frame(string line)
    {
        Wire.Refused(line);
    }

    public static TheoryData<string, string> TypeKinds => new()
    {
        { "number", "{\"type\":1}" },
        { "float", "{\"type\":1.5}" },
        { "null", "{\"type\":null}" },
        { "true", "{\"type\":true}" },
        { "false", "{\"type\":false}" },
        { "object", "{\"type\":{\"type\":\"ping\"}}" },
        { "array", "{\"type\":[\"ping\"]}" },
        { "missing", "{}" },
        { "missing, other fields", "{\"text\":\"hi\",\"Type\":\"ping\"}" },
    };

    [Theory]
    [MemberData(nameof(TypeKinds))]
    public void A_type_that_is_not_a_string_is_bad_frame(string kind, string line)
    {
        _ = kind;
        var error = Wire.Refused(line);

        Assert.Contains("'type'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("chat")]
    [InlineData("PING")]
    [InlineData("Ping")]
    [InlineData(" ping")]
    [InlineData("whisper")]
    [InlineData("")]
    [InlineData("😀")]
    public void An_unknown_string_type_is_unknown_type_naming_it(string type)
    {
        var error = Wire.Refused($$"""{"type":"{{type}}","text":"hi"}""", ErrorCodes.UnknownType);

        Assert.Contains($"'{type}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_type_is_echoed_shortened_and_printable()
    {
        var error = Wire.Refused("{\"type\":\"" + new string('x', 100) + "\\u0007\"}", ErrorCodes.UnknownType);
        Assert.Contains("'" + new string('x', 32) + "…'", error.Message, StringComparison.Ordinal);

        error = Wire.Refused("{\"type\":\"a\\nb\\u0000c\"}", ErrorCodes.UnknownType);
        Assert.Contains("'a?b?c'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_shortened_unknown_type_never_ends_in_half_an_emoji()
    {
        var type = new string('x', 31) + "😀😀";

        var error = Wire.Refused("{\"type\":\"" + type + "\"}", ErrorCodes.UnknownType);

        Assert.Contains("'" + new string('x', 31) + "…'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(error.Message, char.IsSurrogate);
        Assert.Equal(ErrorCodes.UnknownType, ((ErrorFrame)Wire.Decode(Wire.Write(new ErrorFrame(error.Code, error.Message)))).Code);
        Assert.DoesNotContain("\uFFFD", Wire.Write(new ErrorFrame(error.Code, error.Message)), StringComparison.Ordinal);
    }

    public static TheoryData<string> LoneSurrogateEscapes =>
    [
        """{"type":"say","text":"\ud800"}""",
        """{"type":"say","text":"a\udfffb"}""",
        """{"type":"say","text":"\ude00\ud83d"}""",
        """{"type":"say","text":"\ud83d"}""",
        """{"type":"say","text":"\ud83d\u0041"}""",
        """{"type":"say","text":"ok","ref":"\ud800"}""",
        """{"type":"hello","user":"\udc00"}""",
        """{"type":"\ud800"}""",
        """{"type":"users","users":["a","\ud800"]}""",
        """{"type":"ping","\ud800":1}""",
    ];

    [Theory]
    [MemberData(nameof(LoneSurrogateEscapes))]
    public void An_escaped_lone_surrogate_is_bad_frame(string line)
    {
        Wire.Refused(line);
    }

    [Fact]
    public void An_escaped_surrogate_pair_is_one_character()
    {
        Assert.Equal(new SayFrame("😀"), Wire.Decode("""{"type":"say","text":"\ud83d\ude00"}"""));
        Assert.Equal(new SayFrame("😀"), Wire.Decode("""{"type":"say","text":"\uD83D\uDE00"}"""));
    }

    [Fact]
    public void Escapes_are_decoded_everywhere_names_included()
    {
        Assert.Equal(new SayFrame("a\"b\\c/d\b\f\n\r\té\0"),
            Wire.Decode("""{"t\u0079pe":"s\u0061y","te\u0078t":"a\"b\\c\/d\b\f\n\r\t\u00e9\u0000"}"""));
    }

    [Fact]
    public void Nesting_up_to_the_depth_limit_is_accepted()
    {
        Assert.Equal(16, ProtocolLimits.MaxJsonDepth);

        // The frame object is the first level; an ignored field holds the rest.
        Assert.Equal(PingFrame.Instance, Wire.Decode(Nested(ProtocolLimits.MaxJsonDepth, "[", "]")));
        Assert.Equal(PingFrame.Instance, Wire.Decode(Nested(ProtocolLimits.MaxJsonDepth, "{\"a\":", "}")));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(1000)]
    [InlineData(2500)]
    public void Nesting_beyond_the_depth_limit_is_bad_frame(int extra)
    {
        Wire.Refused(Nested(ProtocolLimits.MaxJsonDepth + extra, "[", "]"));
        Wire.Refused(Nested(ProtocolLimits.MaxJsonDepth + extra, "{\"a\":", "}"));
    }

    [Fact]
    public void Deep_nesting_in_a_known_field_is_bad_frame()
    {
        Wire.Refused("{\"type\":\"users\",\"users\":" + new string('[', 40) + new string(']', 40) + "}");
    }

    [Fact]
    public void Nesting_through_history_events_counts_toward_the_same_depth_limit()
    {
        // The frame object, the events array and the event object are three levels.
        Assert.IsType<HistoryFrame>(Wire.Decode(HistoryNested(ProtocolLimits.MaxJsonDepth)));

        Wire.Refused(HistoryNested(ProtocolLimits.MaxJsonDepth + 1));
        Wire.Refused(HistoryNested(ProtocolLimits.MaxJsonDepth + 1000));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(100)]
    [InlineData(350)]
    public void Histories_nested_in_history_events_are_bad_frame_however_deep(int levels)
    {
        // Each level is an events array and a history object: not a room event, and soon too deep.
        var line = string.Concat(Enumerable.Repeat("{\"type\":\"history\",\"room\":\"#a\",\"events\":[", levels))
            + "{\"type\":\"ping\"}" + string.Concat(Enumerable.Repeat("]}", levels));

        var error = Wire.Refused(line);

        Assert.DoesNotContain("'room'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deep_nesting_in_a_hello_cursor_or_a_room_summary_is_bad_frame()
    {
        Wire.Refused("{\"type\":\"hello\",\"user\":\"a\",\"rooms\":{\"#a\":{\"x\":" + new string('[', 40) + new string(']', 40) + "}}}");
        Wire.Refused("{\"type\":\"rooms\",\"rooms\":[{\"room\":\"#a\",\"x\":" + new string('[', 40) + new string(']', 40) + "}]}");
    }

    /// <summary>A history answer whose one event holds an ignored field nested so the whole frame is <paramref name="depth"/> levels deep.</summary>
    private static string HistoryNested(int depth) =>
        "{\"type\":\"history\",\"room\":\"#a\",\"events\":[{\"type\":\"joined\",\"id\":1,\"ts\":\"2026-11-25T20:00:02.000Z\",\"user\":\"u\",\"x\":"
        + new string('[', depth - 3) + new string(']', depth - 3) + "}]}";

    /// <summary>A ping whose ignored field nests so that the whole frame is <paramref name="depth"/> levels deep.</summary>
    private static string Nested(int depth, string open, string close)
    {
        var innermost = open == "[" ? "" : "1";
        return "{\"type\":\"ping\",\"x\":" + string.Concat(Enumerable.Repeat(open, depth - 1)) + innermost
            + string.Concat(Enumerable.Repeat(close, depth - 1)) + "}";
    }
}
