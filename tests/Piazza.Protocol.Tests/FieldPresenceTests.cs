using Piazza.Protocol.Tests.Support;

namespace Piazza.Protocol.Tests;

/// <summary>
/// Which fields each type needs, which it may leave out, and that null counts as absent. Every
/// refusal names the field and says what it must be.
/// </summary>
public sealed class FieldPresenceTests
{
    private const string Ts = "\"2026-11-25T20:00:01.000Z\"";

    /// <summary>For each type, a complete line and the fields it cannot do without.</summary>
    public static TheoryData<string, string> Required => new()
    {
        { """{"type":"hello","user":"a"}""", "user" },
        { """{"type":"say","text":"a"}""", "text" },
        { $$"""{"type":"ack","id":1,"ts":{{Ts}}}""", "id" },
        { $$"""{"type":"ack","id":1,"ts":{{Ts}}}""", "ts" },
        { $$"""{"type":"message","id":1,"ts":{{Ts}},"from":"a","text":"b"}""", "id" },
        { $$"""{"type":"message","id":1,"ts":{{Ts}},"from":"a","text":"b"}""", "ts" },
        { $$"""{"type":"message","id":1,"ts":{{Ts}},"from":"a","text":"b"}""", "from" },
        { $$"""{"type":"message","id":1,"ts":{{Ts}},"from":"a","text":"b"}""", "text" },
        { $$"""{"type":"joined","id":1,"ts":{{Ts}},"user":"a"}""", "id" },
        { $$"""{"type":"joined","id":1,"ts":{{Ts}},"user":"a"}""", "ts" },
        { $$"""{"type":"joined","id":1,"ts":{{Ts}},"user":"a"}""", "user" },
        { $$"""{"type":"left","id":1,"ts":{{Ts}},"user":"a","reason":"quit"}""", "id" },
        { $$"""{"type":"left","id":1,"ts":{{Ts}},"user":"a","reason":"quit"}""", "ts" },
        { $$"""{"type":"left","id":1,"ts":{{Ts}},"user":"a","reason":"quit"}""", "user" },
        { $$"""{"type":"left","id":1,"ts":{{Ts}},"user":"a","reason":"quit"}""", "reason" },
        { """{"type":"welcome","user":"a","users":["a"],"lastId":1}""", "user" },
        { """{"type":"welcome","user":"a","users":["a"],"lastId":1}""", "users" },
        { """{"type":"welcome","user":"a","users":["a"],"lastId":1}""", "lastId" },
        { """{"type":"error","code":"bad_frame"}""", "code" },
        { """{"type":"users","users":["a"]}""", "users" },
    };

    [Theory]
    [MemberData(nameof(Required))]
    public void The_complete_line_is_a_frame(string line, string field)
    {
        _ = field;
        Wire.Decode(line);
    }

    [Theory]
    [MemberData(nameof(Required))]
    public void Without_a_required_field_the_frame_is_bad_frame_naming_it(string line, string field)
    {
        var error = Wire.Refused(Without(line, field));

        Assert.Contains($"'{field}'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Required))]
    public void A_null_required_field_is_as_good_as_missing(string line, string field)
    {
        var error = Wire.Refused(With(Without(line, field), field, "null"));

        Assert.Contains($"'{field}'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Required))]
    public void A_required_field_of_the_wrong_kind_is_bad_frame_naming_it(string line, string field)
    {
        foreach (var wrong in new[] { "true", "{}", "[1]", field is "id" or "lastId" ? "\"1\"" : "1" })
        {
            var error = Wire.Refused(With(Without(line, field), field, wrong));
            Assert.Contains($"'{field}'", error.Message, StringComparison.Ordinal);
            Assert.Contains("must be", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Null_optional_fields_count_as_absent()
    {
        Assert.Equal(new HelloFrame("a"), Wire.Decode("""{"type":"hello","user":"a","protocol":null,"client":null,"since":null,"session":null}"""));
        Assert.Equal(new SayFrame("a"), Wire.Decode("""{"type":"say","text":"a","ref":null}"""));
        Assert.Equal(new AckFrame(null, 1, SampleFrames.Ts.AddSeconds(-1)), Wire.Decode($$"""{"type":"ack","ref":null,"id":1,"ts":{{Ts}}}"""));
        Assert.Equal(new MessageFrame(1, SampleFrames.Ts.AddSeconds(-1), "a", "b"), Wire.Decode($$"""{"type":"message","id":1,"ts":{{Ts}},"from":"a","text":"b","replay":null}"""));
        Assert.Equal(new ErrorFrame("c", ""), Wire.Decode("""{"type":"error","code":"c","message":null,"ref":null,"suggestion":null}"""));
        Assert.Equal(ShutdownFrame.Default, Wire.Decode("""{"type":"shutdown","message":null}"""));

        var welcome = (WelcomeFrame)Wire.Decode("""{"type":"welcome","user":"a","users":["a"],"lastId":1,"session":null,"limits":null,"server":null}""");
        FrameAssert.Equal(new WelcomeFrame("a", ["a"], "", 1, ServerLimits.Default, ""), welcome);
    }

    [Fact]
    public void Optional_fields_left_out_take_their_defaults()
    {
        Assert.Equal(new ErrorFrame("c", ""), Wire.Decode("""{"type":"error","code":"c"}"""));
        Assert.Equal(ShutdownFrame.Default, Wire.Decode("""{"type":"shutdown"}"""));
        Assert.False(((MessageFrame)Wire.Decode($$"""{"type":"message","id":1,"ts":{{Ts}},"from":"a","text":"b","replay":false}""")).Replay);

        var welcome = (WelcomeFrame)Wire.Decode("""{"type":"welcome","user":"a","users":[],"lastId":1,"limits":{"maxText":500}}""");
        Assert.Equal(ServerLimits.Default with { MaxText = 500 }, welcome.Limits);
    }

    public static TheoryData<string, string> WrongOptional => new()
    {
        { """{"type":"hello","user":"a","client":1}""", "client" },
        { """{"type":"hello","user":"a","session":[]}""", "session" },
        { """{"type":"say","text":"a","ref":17}""", "ref" },
        { $$"""{"type":"message","id":1,"ts":{{Ts}},"from":"a","text":"b","replay":"true"}""", "replay" },
        { $$"""{"type":"message","id":1,"ts":{{Ts}},"from":"a","text":"b","replay":1}""", "replay" },
        { """{"type":"error","code":"c","message":false}""", "message" },
        { """{"type":"error","code":"c","suggestion":{}}""", "suggestion" },
        { """{"type":"shutdown","message":1}""", "message" },
        { """{"type":"welcome","user":"a","users":["a"],"lastId":1,"limits":[]}""", "limits" },
        { """{"type":"welcome","user":"a","users":["a"],"lastId":1,"server":1}""", "server" },
        { """{"type":"users","users":["a",1]}""", "users" },
        { """{"type":"users","users":["a",null]}""", "users" },
        { """{"type":"users","users":[["a"]]}""", "users" },
        { """{"type":"users","users":"a"}""", "users" },
    };

    [Theory]
    [MemberData(nameof(WrongOptional))]
    public void A_field_of_the_wrong_kind_is_bad_frame_naming_it(string line, string field)
    {
        Assert.Contains($"'{field}'", Wire.Refused(line).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(64)]
    public void A_ref_of_up_to_64_characters_is_accepted(int length)
    {
        var reference = new string('r', length);

        Assert.Equal(new SayFrame("a", reference), Wire.Decode($$"""{"type":"say","text":"a","ref":"{{reference}}"}"""));
    }

    [Theory]
    [InlineData(65)]
    [InlineData(1000)]
    public void A_ref_longer_than_64_characters_is_bad_frame(int length)
    {
        var error = Wire.Refused($$"""{"type":"say","text":"a","ref":"{{new string('r', length)}}"}""");

        Assert.Contains("'ref'", error.Message, StringComparison.Ordinal);
        Assert.Contains("64", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_ref_is_measured_after_its_escapes_are_decoded()
    {
        var escaped = string.Concat(Enumerable.Repeat("\\u0041", 64));

        Assert.Equal(new SayFrame("a", new string('A', 64)), Wire.Decode($$"""{"type":"say","text":"a","ref":"{{escaped}}"}"""));
        Wire.Refused($$"""{"type":"say","text":"a","ref":"{{escaped}}B"}""");
    }

    [Fact]
    public void The_ref_limit_applies_to_say_only()
    {
        var reference = new string('r', 100);

        Assert.Equal(reference, ((ErrorFrame)Wire.Decode($$"""{"type":"error","code":"c","ref":"{{reference}}"}""")).Ref);
        Assert.Equal(reference, ((AckFrame)Wire.Decode($$"""{"type":"ack","ref":"{{reference}}","id":1,"ts":{{Ts}}}""")).Ref);
    }

    private static string Without(string line, string field)
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(line)!.AsObject();
        Assert.True(json.Remove(field));
        return json.ToJsonString();
    }

    private static string With(string line, string field, string rawValue) =>
        line[..^1] + (line.Length > 2 ? "," : "") + $"\"{field}\":{rawValue}}}";
}
