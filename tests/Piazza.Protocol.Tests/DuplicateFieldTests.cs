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
        // Version 2
        { "room", """{"type":"say","room":"#a","text":"a","room":"#b"}""" },
        { "room", """{"type":"say","room":null,"text":"a","room":"#b"}""" },
        { "room", """{"type":"join","room":"#a","room":"#a"}""" },
        { "room", """{"type":"part","room":"#a","r\u006fom":"#b"}""" },
        { "room", """{"type":"who","room":"#a","room":"#b"}""" },
        { "since", """{"type":"join","room":"#a","since":1,"since":2}""" },
        { "epoch", """{"type":"join","room":"#a","epoch":"x","epoch":"y"}""" },
        { "rooms", """{"type":"hello","user":"a","rooms":{},"rooms":{}}""" },
        { "rooms", """{"type":"hello","user":"a","rooms":{"#a":{}},"rooms":null}""" },
        { "rooms", """{"type":"rooms","rooms":[],"rooms":[]}""" },
        { "password", """{"type":"hello","user":"a","password":"x","password":"y"}""" },
        { "password", """{"type":"hello","user":"a","password":null,"password":"y"}""" },
        { "register", """{"type":"hello","user":"a","register":true,"register":false}""" },
        { "topic", """{"type":"topic","room":"#a","topic":"x","topic":"y"}""" },
        { "topic", """{"type":"room","room":"#a","topic":"x","users":[],"lastId":1,"epoch":"e","topic":null}""" },
        { "users", """{"type":"room","room":"#a","users":[],"lastId":1,"epoch":"e","users":["b"]}""" },
        { "lastId", """{"type":"room","room":"#a","users":[],"lastId":1,"epoch":"e","lastId":2}""" },
        { "epoch", """{"type":"room","room":"#a","users":[],"lastId":1,"epoch":"e","epoch":"f"}""" },
        { "truncated", """{"type":"room","room":"#a","users":[],"lastId":1,"epoch":"e","truncated":true,"truncated":false}""" },
        { "id", """{"type":"topic","room":"#a","topic":"t","id":1,"id":2}""" },
        { "before", """{"type":"history","room":"#a","before":1,"before":2}""" },
        { "limit", """{"type":"history","room":"#a","limit":1,"limit":2}""" },
        { "events", """{"type":"history","room":"#a","events":[],"events":[]}""" },
        { "more", """{"type":"history","room":"#a","more":true,"more":false}""" },
        { "by", """{"type":"left","id":1,"ts":"2026-11-25T20:00:01.000Z","user":"a","reason":"kicked","by":"b","by":"c"}""" },
        { "replay", """{"type":"joined","id":1,"ts":"2026-11-25T20:00:01.000Z","user":"a","replay":true,"replay":true}""" },
        { "password", """{"type":"ping","password":"x","password":"x"}""" },
    };

    /// <summary>Repeats inside the nested values of version 2, named by the field that holds them.</summary>
    public static TheoryData<string, string> NestedDuplicates => new()
    {
        { "rooms", """{"type":"hello","user":"a","rooms":{"#dev":{},"#dev":{}}}""" },
        { "rooms", """{"type":"hello","user":"a","rooms":{"#dev":{"since":1},"#d\u0065v":{"since":2}}}""" },
        { "rooms", """{"type":"hello","user":"a","rooms":{"#dev":{"since":1,"since":2}}}""" },
        { "rooms", """{"type":"hello","user":"a","rooms":{"#dev":{"since":null,"since":2}}}""" },
        { "rooms", """{"type":"hello","user":"a","rooms":{"#dev":{"epoch":"x","epoch":"x"}}}""" },
        { "rooms", """{"type":"rooms","rooms":[{"room":"#a","room":"#b"}]}""" },
        { "rooms", """{"type":"rooms","rooms":[{"room":"#a","topic":"x","topic":"y"}]}""" },
        { "rooms", """{"type":"rooms","rooms":[{"room":"#a","topic":"x","topic":null}]}""" },
        { "rooms", """{"type":"rooms","rooms":[{"room":"#a","topic":null,"topic":"x"}]}""" },
        { "rooms", """{"type":"rooms","rooms":[{"room":"#a","members":1,"members":2}]}""" },
        { "events", """{"type":"history","room":"#a","events":[{"type":"joined","id":1,"id":2,"ts":"2026-11-25T20:00:01.000Z","user":"a"}]}""" },
        { "events", """{"type":"history","room":"#a","events":[{"type":"joined","type":"joined","id":1,"ts":"2026-11-25T20:00:01.000Z","user":"a"}]}""" },
        { "limits", """{"type":"welcome","user":"a","users":["a"],"lastId":1,"limits":{"rateBurst":1,"rateBurst":2}}""" },
        { "limits", """{"type":"welcome","user":"a","users":["a"],"lastId":1,"limits":{"ratePerSecond":1,"ratePerSecond":1}}""" },
    };

    [Theory]
    [MemberData(nameof(NestedDuplicates))]
    public void A_repeat_inside_a_version_2_value_is_bad_frame_naming_the_field_that_holds_it(string field, string line)
    {
        var error = Wire.Refused(line);

        Assert.Contains($"'{field}'", error.Message, StringComparison.Ordinal);
    }

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
