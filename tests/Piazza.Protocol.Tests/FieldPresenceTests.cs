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
        // Version 2
        { """{"type":"room","room":"#a","users":["a"],"lastId":1,"epoch":"e"}""", "room" },
        { """{"type":"room","room":"#a","users":["a"],"lastId":1,"epoch":"e"}""", "users" },
        { """{"type":"room","room":"#a","users":["a"],"lastId":1,"epoch":"e"}""", "lastId" },
        { """{"type":"room","room":"#a","users":["a"],"lastId":1,"epoch":"e"}""", "epoch" },
        { """{"type":"join","room":"#a"}""", "room" },
        { """{"type":"part","room":"#a"}""", "room" },
        { """{"type":"topic","room":"#a","topic":"t"}""", "room" },
        { """{"type":"topic","room":"#a","topic":"t"}""", "topic" },
        { $$"""{"type":"topic","room":"#a","id":1,"ts":{{Ts}},"user":"u","topic":"t"}""", "room" },
        { $$"""{"type":"topic","room":"#a","id":1,"ts":{{Ts}},"user":"u","topic":"t"}""", "topic" },
        { """{"type":"history","room":"#a"}""", "room" },
        { """{"type":"history","room":"#a","events":[],"more":false}""", "room" },
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
    public void Null_version_2_fields_count_as_absent()
    {
        var ts = SampleFrames.Ts.AddSeconds(-1);

        FrameAssert.Equal(new HelloFrame("a"), Wire.Decode("""{"type":"hello","user":"a","rooms":null,"password":null,"register":null}"""));
        Assert.Equal(new SayFrame("a"), Wire.Decode("""{"type":"say","room":null,"text":"a"}"""));
        Assert.Equal(new AckFrame("r", 1, ts), Wire.Decode($$"""{"type":"ack","ref":"r","room":null,"id":1,"ts":{{Ts}}}"""));
        Assert.Equal(new MessageFrame(1, ts, "a", "b"), Wire.Decode($$"""{"type":"message","room":null,"id":1,"ts":{{Ts}},"from":"a","text":"b"}"""));
        Assert.Equal(new JoinedFrame(1, ts, "a"), Wire.Decode($$"""{"type":"joined","room":null,"id":1,"ts":{{Ts}},"user":"a","replay":null}"""));
        Assert.Equal(new LeftFrame(1, ts, "a", "quit"), Wire.Decode($$"""{"type":"left","room":null,"id":1,"ts":{{Ts}},"user":"a","reason":"quit","by":null,"replay":null}"""));
        Assert.Equal(new ErrorFrame("c", ""), Wire.Decode("""{"type":"error","code":"c","room":null}"""));
        Assert.Equal(WhoFrame.Instance, Wire.Decode("""{"type":"who","room":null}"""));
        FrameAssert.Equal(new UsersFrame(["a"]), Wire.Decode("""{"type":"users","room":null,"users":["a"]}"""));
        FrameAssert.Equal(new RoomFrame("#a", null, [], 1, "e", false), Wire.Decode("""{"type":"room","room":"#a","topic":null,"users":[],"lastId":1,"epoch":"e","truncated":null}"""));
        Assert.Equal(new JoinFrame("#a"), Wire.Decode("""{"type":"join","room":"#a","since":null,"epoch":null}"""));
        Assert.Equal(new TopicFrame("#a", "t"), Wire.Decode("""{"type":"topic","room":"#a","id":null,"ts":null,"user":null,"topic":"t","replay":null}"""));
        Assert.Equal(RoomsFrame.Request, Wire.Decode("""{"type":"rooms","rooms":null}"""));
        FrameAssert.Equal(new HistoryFrame("#a"), Wire.Decode("""{"type":"history","room":"#a","before":null,"limit":null,"events":null,"more":null}"""));
    }

    [Fact]
    public void Version_2_fields_left_out_take_their_defaults()
    {
        var room = (RoomFrame)Wire.Decode("""{"type":"room","room":"#a","users":[],"lastId":1,"epoch":"e"}""");
        Assert.Null(room.Topic);
        Assert.False(room.Truncated);

        var topic = (TopicFrame)Wire.Decode("""{"type":"topic","room":"#a","topic":""}""");
        Assert.Equal(new TopicFrame("#a", ""), topic);
        Assert.Null(topic.Id);

        // A topic event may leave out its time and setter; the id alone makes it an event.
        Assert.Equal(new TopicFrame("#a", "t", 7), Wire.Decode("""{"type":"topic","room":"#a","id":7,"topic":"t"}"""));

        var summary = Assert.Single(((RoomsFrame)Wire.Decode("""{"type":"rooms","rooms":[{"room":"#a"}]}""")).Rooms!);
        Assert.Equal(new RoomSummary("#a", null, 0), summary);

        var limits = ((WelcomeFrame)Wire.Decode("""{"type":"welcome","user":"a","users":[],"lastId":1,"limits":{"rateBurst":10}}""")).Limits;
        Assert.Equal(ServerLimits.Default with { RateBurst = 10 }, limits);
        Assert.Equal(0, limits.RatePerSecond);
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
        // Version 2
        { """{"type":"hello","user":"a","password":1}""", "password" },
        { """{"type":"hello","user":"a","password":["p"]}""", "password" },
        { """{"type":"hello","user":"a","register":"true"}""", "register" },
        { """{"type":"hello","user":"a","register":1}""", "register" },
        { """{"type":"hello","user":"a","rooms":"#dev"}""", "rooms" },
        { """{"type":"hello","user":"a","rooms":1}""", "rooms" },
        { """{"type":"hello","user":"a","rooms":true}""", "rooms" },
        { """{"type":"hello","user":"a","rooms":[]}""", "rooms" },
        { """{"type":"hello","user":"a","rooms":["#dev"]}""", "rooms" },
        { """{"type":"hello","user":"a","rooms":[{"room":"#dev","members":1}]}""", "rooms" },
        { """{"type":"say","room":1,"text":"a"}""", "room" },
        { """{"type":"say","room":["#a"],"text":"a"}""", "room" },
        { $$"""{"type":"ack","room":{},"id":1,"ts":{{Ts}}}""", "room" },
        { $$"""{"type":"message","room":true,"id":1,"ts":{{Ts}},"from":"a","text":"b"}""", "room" },
        { $$"""{"type":"joined","room":1,"id":1,"ts":{{Ts}},"user":"a"}""", "room" },
        { $$"""{"type":"joined","id":1,"ts":{{Ts}},"user":"a","replay":"yes"}""", "replay" },
        { $$"""{"type":"left","room":1,"id":1,"ts":{{Ts}},"user":"a","reason":"part"}""", "room" },
        { $$"""{"type":"left","id":1,"ts":{{Ts}},"user":"a","reason":"kicked","by":1}""", "by" },
        { $$"""{"type":"left","id":1,"ts":{{Ts}},"user":"a","reason":"quit","replay":0}""", "replay" },
        { """{"type":"error","code":"c","room":1}""", "room" },
        { """{"type":"who","room":1}""", "room" },
        { """{"type":"who","room":["#a"]}""", "room" },
        { """{"type":"users","room":1,"users":[]}""", "room" },
        { """{"type":"room","room":"#a","topic":1,"users":[],"lastId":1,"epoch":"e"}""", "topic" },
        { """{"type":"room","room":"#a","users":[],"lastId":1,"epoch":"e","truncated":"false"}""", "truncated" },
        { """{"type":"room","room":"#a","users":[],"lastId":1,"epoch":"e","truncated":0}""", "truncated" },
        { """{"type":"room","room":"#a","users":[1],"lastId":1,"epoch":"e"}""", "users" },
        { """{"type":"join","room":"#a","since":"12"}""", "since" },
        { """{"type":"join","room":"#a","since":true}""", "since" },
        { """{"type":"join","room":"#a","epoch":12}""", "epoch" },
        { """{"type":"join","room":"#a","epoch":{}}""", "epoch" },
        { """{"type":"topic","room":"#a","topic":"t","id":"1"}""", "id" },
        { """{"type":"topic","room":"#a","topic":"t","id":1,"ts":"yesterday"}""", "ts" },
        { """{"type":"topic","room":"#a","topic":"t","id":1,"user":1}""", "user" },
        { """{"type":"topic","room":"#a","topic":"t","id":1,"replay":"true"}""", "replay" },
        { """{"type":"rooms","rooms":{}}""", "rooms" },
        { """{"type":"rooms","rooms":{"#dev":{}}}""", "rooms" },
        { """{"type":"rooms","rooms":"#dev"}""", "rooms" },
        { """{"type":"rooms","rooms":1}""", "rooms" },
        { """{"type":"history","room":"#a","before":"1"}""", "before" },
        { """{"type":"history","room":"#a","limit":"100"}""", "limit" },
        { """{"type":"history","room":"#a","limit":[100]}""", "limit" },
        { """{"type":"history","room":"#a","events":{}}""", "events" },
        { """{"type":"history","room":"#a","events":"none"}""", "events" },
        { """{"type":"history","room":"#a","events":1}""", "events" },
        { """{"type":"history","room":"#a","more":"true"}""", "more" },
        { """{"type":"history","room":"#a","more":1}""", "more" },
        { """{"type":"welcome","user":"a","users":[],"lastId":1,"limits":{"rateBurst":"10"}}""", "limits" },
        { """{"type":"welcome","user":"a","users":[],"lastId":1,"limits":{"ratePerSecond":true}}""", "limits" },
        { """{"type":"welcome","user":"a","users":[],"lastId":1,"limits":{"ratePerSecond":null}}""", "limits" },
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
