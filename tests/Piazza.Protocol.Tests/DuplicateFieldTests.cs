using Piazza.Protocol.Tests.Support;

namespace Piazza.Protocol.Tests;

/// <summary>A known field given twice is ambiguous: bad_frame, whichever value comes first.</summary>
public sealed class DuplicateFieldTests
{
    public static TheoryData<string, string> Duplicates => new()
    {
        { "type", """{"type":"ping","type":"ping"}""" },
        { "type", """{"type":"say","type":"ping","text":"a"}""" },
        { "text", """{"type":"say","text":"a","text":"b"}""" },
        { "text", """{"type":"say","text":"a","te\u0078t":"b"}""" },
        { "ref", """{"type":"say","text":"a","ref":"x","ref":"y"}""" },
        { "ref", """{"type":"say","text":"a","ref":"x","ref":null}""" },
        { "ref", """{"type":"say","text":"a","ref":null,"ref":"x"}""" },
        { "ref", """{"type":"say","text":"a","ref":null,"ref":null}""" },
        { "user", """{"type":"hello","user":"a","user":"b"}""" },
        { "protocol", """{"type":"hello","user":"a","protocol":null,"protocol":2}""" },
        { "id", """{"type":"joined","id":1,"ts":"2026-11-25T20:00:01.000Z","user":"a","id":2}""" },
        { "ts", """{"type":"ack","id":1,"ts":"2026-11-25T20:00:01.000Z","ts":"2026-11-25T20:00:02.000Z"}""" },
        { "users", """{"type":"users","users":[],"users":["a"]}""" },
        // A known field irrelevant to the type is still a known field: repeating it is ambiguous.
        { "text", """{"type":"ping","text":"a","text":"b"}""" },
    };

    [Theory]
    [MemberData(nameof(Duplicates))]
    public void A_repeated_known_field_is_bad_frame_naming_it(string field, string line)
    {
        var error = Wire.Refused(line);

        Assert.Contains($"'{field}'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("maxText")]
    [InlineData("maxFrame")]
    [InlineData("pingIntervalMs")]
    [InlineData("timeoutMs")]
    public void A_repeated_limit_in_welcome_is_bad_frame(string limit)
    {
        var line = $$$"""{"type":"welcome","user":"a","users":["a"],"lastId":1,"limits":{"{{{limit}}}":1,"{{{limit}}}":2}}""";

        var error = Wire.Refused(line);

        Assert.Contains("'limits'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_repeated_unknown_field_is_ignored()
    {
        Assert.Equal(new SayFrame("a"), Wire.Decode("""{"type":"say","x":1,"text":"a","x":2,"x":{"y":3}}"""));
    }

    [Fact]
    public void Field_names_are_case_sensitive_so_a_differently_cased_name_is_another_field()
    {
        Assert.Equal(new SayFrame("a"), Wire.Decode("""{"type":"say","text":"a","Text":"b","TEXT":"c"}"""));
    }
}
