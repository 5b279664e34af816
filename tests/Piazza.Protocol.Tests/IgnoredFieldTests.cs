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
    public void Version_2_fields_a_type_does_not_use_are_ignored_even_of_the_wrong_kind()
    {
        const string V2 = "\"room\":5,\"rooms\":5,\"topic\":[],\"epoch\":{},\"truncated\":\"no\",\"before\":1.5,\"limit\":1e400,\"events\":[1],\"more\":\"x\",\"password\":1,\"register\":\"yes\",\"by\":[]";

        Assert.Equal(PingFrame.Instance, Wire.Decode("{\"type\":\"ping\"," + V2 + "}"));
        Assert.Equal(ByeFrame.Instance, Wire.Decode("{\"type\":\"bye\"," + V2 + "}"));
        Assert.Equal(new SayFrame("hi"), Wire.Decode("{\"type\":\"say\",\"text\":\"hi\"," + V2.Replace("\"room\":5,", "", StringComparison.Ordinal) + "}"));
    }

    public static TheoryData<string, string> UnusedByVersion2Types => new()
    {
        // Each line carries known fields of other types, of the wrong kind for those types.
        { "join", """{"type":"join","room":"#a","topic":1,"users":"x","lastId":"x","text":1,"events":{},"rooms":[1],"limit":"x"}""" },
        { "part", """{"type":"part","room":"#a","since":"x","epoch":1,"topic":[],"text":1}""" },
        { "topic", """{"type":"topic","room":"#a","topic":"t","since":"x","epoch":1,"users":1,"events":"x","from":1}""" },
        { "room", """{"type":"room","room":"#a","users":[],"lastId":1,"epoch":"e","since":"x","id":"x","ts":1,"rooms":"x","more":1}""" },
        { "rooms", """{"type":"rooms","room":1,"topic":1,"users":1,"members":"x","events":1}""" },
        { "history", """{"type":"history","room":"#a","since":"x","id":"x","users":1,"rooms":1,"topic":1,"epoch":1}""" },
    };

    [Theory]
    [MemberData(nameof(UnusedByVersion2Types))]
    public void Version_2_types_ignore_the_known_fields_they_do_not_use(string type, string line)
    {
        Assert.Equal(type, Wire.Decode(line).Type);
    }

    [Fact]
    public void Unknown_fields_are_ignored_inside_version_2_values_too()
    {
        var hello = (HelloFrame)Wire.Decode("""{"type":"hello","user":"a","rooms":{"#a":{"x":[1,{"since":-1}],"since":3,"y":{"epoch":1},"epoch":"e","z":null}}}""");
        Assert.Equal(new RoomCursor(3, "e"), hello.Rooms!["#a"]);

        var rooms = (RoomsFrame)Wire.Decode("""{"type":"rooms","rooms":[{"x":{"room":1},"room":"#a","topic":"t","members":2,"y":[]}]}""");
        Assert.Equal(new RoomSummary("#a", "t", 2), Assert.Single(rooms.Rooms!));

        var history = (HistoryFrame)Wire.Decode("""{"type":"history","room":"#a","events":[{"type":"joined","x":{"type":"hello"},"id":1,"ts":"2026-11-25T20:00:02.000Z","user":"u","password":1}]}""");
        Assert.Equal(new JoinedFrame(1, SampleFrames.Ts, "u"), Assert.Single(history.Events!));
    }

    [Fact]
    public void A_version_1_reader_of_a_version_2_event_gets_the_version_1_fields_unchanged()
    {
        var message = (MessageFrame)Wire.Decode("""{"type":"message","room":"#piazza","id":43,"ts":"2026-11-25T20:00:02.000Z","from":"alice","text":"ciao a tutti"}""");

        Assert.Equal(new MessageFrame(43, SampleFrames.Ts, "alice", "ciao a tutti"), message with { Room = null });
        Assert.Equal("#piazza", message.Room);
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
        foreach (var type in new[] { "ping", "pong", "bye", "who", "rooms" })
        {
            Assert.Equal(type, Wire.Decode($$$"""{"type":"{{{type}}}","user":"a","text":"b","extra":{}}""").Type);
        }
    }
}
