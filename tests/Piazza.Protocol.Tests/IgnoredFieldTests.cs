using Piazza.Protocol.Tests.Support;

namespace Piazza.Protocol.Tests;

/// <summary>Unknown fields, and known fields that the frame's type does not use, are ignored.</summary>
public sealed class IgnoredFieldTests
{
    [Fact]
    public void Unknown_fields_of_every_kind_are_ignored()
    {
        var line = """{"color":"red","type":"say","n":1e400,"big":99999999999999999999,"o":{"a":[1,{"b":null}],"type":"x"},"a":[true,false,null],"text":"hi","z":""}""";

        Assert.Equal(new SayFrame("hi"), Wire.Decode(line));
    }

    [Fact]
    public void Type_may_come_after_the_other_fields()
    {
        Assert.Equal(new SayFrame("hi", "r"), Wire.Decode("""{"ref":"r","text":"hi","type":"say"}"""));
    }

    [Fact]
    public void Known_fields_a_type_does_not_use_are_ignored_even_of_the_wrong_kind()
    {
        var line = """{"type":"ping","text":5,"users":"x","ts":"nope","id":"one","replay":"yes","limits":[],"protocol":1.5,"ref":[]}""";

        Assert.Equal(PingFrame.Instance, Wire.Decode(line));
    }

    [Fact]
    public void A_say_cannot_choose_its_sender_with_a_from_field()
    {
        // from, id and ts on a say are simply dropped: the server stamps them.
        var frame = Wire.Decode($$"""{"type":"say","text":"hi","from":"admin","id":1,"ts":"2026-11-25T20:00:01.000Z"}""");

        Assert.Equal(new SayFrame("hi"), frame);
    }

    [Fact]
    public void A_ref_of_any_length_is_ignored_where_say_rules_do_not_apply()
    {
        Assert.Equal(PingFrame.Instance, Wire.Decode($$"""{"type":"ping","ref":"{{new string('r', 500)}}"}"""));
    }

    [Fact]
    public void Frames_without_fields_ignore_everything_else()
    {
        foreach (var type in new[] { "ping", "pong", "bye", "who" })
        {
            Assert.Equal(type, Wire.Decode($$$"""{"type":"{{{type}}}","user":"a","text":"b","extra":{}}""").Type);
        }
    }
}
