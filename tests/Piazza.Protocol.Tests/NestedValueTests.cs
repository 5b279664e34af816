using Piazza.Protocol.Tests.Support;

namespace Piazza.Protocol.Tests;

/// <summary>
/// The nested values of version 2: a hello's <c>rooms</c> (an object of cursors), the
/// <c>rooms</c> answer (an array of summaries) and a history answer's <c>events</c> (an array of
/// room events). Anything else in their place is bad_frame naming the field, and the reader
/// finds its feet again after a refused value, so the rest of the frame is read as written.
/// </summary>
public sealed class NestedValueTests
{
    private const string Ts = "\"2026-11-25T20:00:02.000Z\"";

    private static string Hello(string rooms) => $$"""{"type":"hello","user":"a","protocol":2,"rooms":{{rooms}}}""";

    [Fact]
    public void A_hello_s_rooms_read_as_cursors_by_room()
    {
        var hello = (HelloFrame)Wire.Decode(Hello("""{"#piazza":{"since":40,"epoch":"e7Qm"},"#dev":{},"@bob":{"since":0},"#x":{"epoch":""}}"""));

        Assert.Equal(4, hello.Rooms!.Count);
        Assert.Equal(new RoomCursor(40, "e7Qm"), hello.Rooms["#piazza"]);
        Assert.Equal(RoomCursor.None, hello.Rooms["#dev"]);
        Assert.Equal(new RoomCursor(0), hello.Rooms["@bob"]);
        Assert.Equal(new RoomCursor(Epoch: ""), hello.Rooms["#x"]);
        Assert.Equal(["#piazza", "#dev", "@bob", "#x"], hello.Rooms.Keys);
    }

    [Fact]
    public void An_empty_rooms_object_names_no_rooms_and_a_null_one_is_absent()
    {
        Assert.Empty(((HelloFrame)Wire.Decode(Hello("{}"))).Rooms!);
        Assert.Null(((HelloFrame)Wire.Decode(Hello("null"))).Rooms);
        Assert.Null(((HelloFrame)Wire.Decode("""{"type":"hello","user":"a"}""")).Rooms);
    }

    [Fact]
    public void Null_cursor_fields_are_absent()
    {
        var hello = (HelloFrame)Wire.Decode(Hello("""{"#a":{"since":null,"epoch":null},"#b":{"since":5,"epoch":null}}"""));

        Assert.Equal(RoomCursor.None, hello.Rooms!["#a"]);
        Assert.Equal(new RoomCursor(5), hello.Rooms["#b"]);
    }

    public static TheoryData<string, string> BadRooms => new()
    {
        { "an array", "[]" },
        { "an array of names", """["#dev"]""" },
        { "an array of summaries", """[{"room":"#dev"}]""" },
        { "a string", "\"#dev\"" },
        { "a number", "1" },
        { "a boolean", "false" },
        { "a negative since", """{"#dev":{"since":-1}}""" },
        { "a string since", """{"#dev":{"since":"40"}}""" },
        { "a fractional since", """{"#dev":{"since":40.5}}""" },
        { "a since past 64 bits", """{"#dev":{"since":9223372036854775808}}""" },
        { "an object since", """{"#dev":{"since":{}}}""" },
        { "a number epoch", """{"#dev":{"epoch":7}}""" },
        { "an array epoch", """{"#dev":{"epoch":["e"]}}""" },
        { "a repeated room", """{"#dev":{},"#dev":{}}""" },
        { "a room repeated through an escape", """{"#dev":{},"\u0023dev":{}}""" },
        { "a repeated since", """{"#dev":{"since":1,"since":1}}""" },
        { "a number cursor", """{"#dev":40}""" },
        { "a string cursor", """{"#dev":"e7Qm"}""" },
        { "an array cursor", """{"#dev":[40,"e7Qm"]}""" },
        { "a boolean cursor", """{"#dev":true}""" },
        { "a null cursor", """{"#dev":null}""" },
        { "a bad cursor after good ones", """{"#a":{},"#b":{"since":1},"#c":-1}""" },
        { "a bad cursor before good ones", """{"#a":[1,[2,{"x":3}]],"#b":{"since":1},"#c":{}}""" },
    };

    [Theory]
    [MemberData(nameof(BadRooms))]
    public void A_hello_s_rooms_that_are_not_an_object_of_cursors_are_bad_frame_naming_rooms(string what, string rooms)
    {
        _ = what;

        // The fields after rooms are still read: a misplaced reader would miss the user or choke.
        var error = Wire.Refused($$"""{"type":"hello","protocol":2,"rooms":{{rooms}},"user":"a","client":"c"}""");

        Assert.Contains("'rooms'", error.Message, StringComparison.Ordinal);
        Assert.Contains("must be", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("#dev", "#DEV")]
    [InlineData("#Dev", "#dev")]
    [InlineData("@bob", "@Bob")]
    public void A_room_named_twice_in_different_case_is_bad_frame_as_room_names_compare_so(string first, string second)
    {
        var error = Wire.Refused(Hello($$$"""{"{{{first}}}":{"since":1},"{{{second}}}":{"since":9}}"""));

        Assert.Contains("'rooms'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hello_s_cursors_are_found_whatever_the_case_of_the_room_asked_for()
    {
        var hello = (HelloFrame)Wire.Decode(Hello("""{"#Dev":{"since":3}}"""));

        Assert.Equal(new RoomCursor(3), hello.Rooms!["#dev"]);
        Assert.Equal("#Dev", Assert.Single(hello.Rooms.Keys));
    }

    [Fact]
    public void The_codec_leaves_room_name_rules_to_the_server()
    {
        // A name that breaks the rules is invalid_room, a refusal the server words; the frame itself is well formed.
        Assert.Equal(["not a room", ""], ((HelloFrame)Wire.Decode(Hello("""{"not a room":{},"":{}}"""))).Rooms!.Keys);
        Assert.Equal(new JoinFrame("dev"), Wire.Decode("""{"type":"join","room":"dev"}"""));
        Assert.Equal(new SayFrame("hi", Room: "#DEV"), Wire.Decode("""{"type":"say","room":"#DEV","text":"hi"}"""));
    }

    [Fact]
    public void The_rooms_answer_reads_as_summaries_in_order()
    {
        var rooms = (RoomsFrame)Wire.Decode("""{"type":"rooms","rooms":[{"room":"#dev","topic":"build talk","members":3},{"members":0,"room":"#piazza"},{"room":"@bob","topic":null,"members":1}]}""");

        Assert.Equal(
            [new RoomSummary("#dev", "build talk", 3), new RoomSummary("#piazza", null, 0), new RoomSummary("@bob", null, 1)],
            rooms.Rooms!);
    }

    [Fact]
    public void The_rooms_request_and_an_empty_answer_are_told_apart()
    {
        Assert.Null(((RoomsFrame)Wire.Decode("""{"type":"rooms"}""")).Rooms);
        Assert.Empty(((RoomsFrame)Wire.Decode("""{"type":"rooms","rooms":[]}""")).Rooms!);
    }

    public static TheoryData<string, string> BadSummaries => new()
    {
        { "an object", "{}" },
        { "an object of cursors", """{"#dev":{"since":1}}""" },
        { "a number element", "[1]" },
        { "a string element", """["#dev"]""" },
        { "a null element", "[null]" },
        { "an array element", """[["#dev","topic",3]]""" },
        { "a summary without a room", """[{"topic":"t","members":1}]""" },
        { "a null room", """[{"room":null}]""" },
        { "a number room", """[{"room":1}]""" },
        { "a number topic", """[{"room":"#a","topic":1}]""" },
        { "negative members", """[{"room":"#a","members":-1}]""" },
        { "fractional members", """[{"room":"#a","members":1.5}]""" },
        { "string members", """[{"room":"#a","members":"3"}]""" },
        { "a bad summary after good ones", """[{"room":"#a"},{"room":"#b","members":2},{"room":3}]""" },
        { "a bad summary before good ones", """[[1,[2]],{"room":"#b"}]""" },
    };

    [Theory]
    [MemberData(nameof(BadSummaries))]
    public void A_rooms_answer_that_is_not_an_array_of_summaries_is_bad_frame_naming_rooms(string what, string rooms)
    {
        _ = what;

        var error = Wire.Refused($$"""{"type":"rooms","rooms":{{rooms}},"x":[1]}""");

        Assert.Contains("'rooms'", error.Message, StringComparison.Ordinal);
        Assert.Contains("must be", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_history_answer_reads_its_events_in_order_each_as_its_own_frame()
    {
        var line = $$"""{"type":"history","room":"#dev","events":[{"type":"message","room":"#dev","id":1,"ts":{{Ts}},"from":"a","text":"x","replay":true},{"type":"joined","id":2,"ts":{{Ts}},"user":"b"},{"type":"left","room":"#dev","id":3,"ts":{{Ts}},"user":"b","reason":"kicked","by":"a"},{"type":"topic","room":"#dev","id":4,"ts":{{Ts}},"user":"a","topic":"t"}],"more":false}""";

        var history = (HistoryFrame)Wire.Decode(line);

        FrameAssert.Equal(
            new HistoryFrame("#dev", Events:
            [
                new MessageFrame(1, SampleFrames.Ts, "a", "x", Replay: true, Room: "#dev"),
                new JoinedFrame(2, SampleFrames.Ts, "b"),
                new LeftFrame(3, SampleFrames.Ts, "b", LeaveReasons.Kicked, "#dev", By: "a"),
                new TopicFrame("#dev", "t", 4, SampleFrames.Ts, "a"),
            ], More: false),
            history);
    }

    public static TheoryData<string, string> BadEvents => new()
    {
        { "an object", "{}" },
        { "an event alone", $$"""{"type":"joined","id":1,"ts":{{Ts}},"user":"a"}""" },
        { "a number element", "[1]" },
        { "a string element", "[\"message\"]" },
        { "a null element", "[null]" },
        { "an array element", "[[]]" },
        { "an element without a type", "[{}]" },
        { "an element with a number type", "[{\"type\":1}]" },
        { "an element of unknown type", "[{\"type\":\"whisper\",\"text\":\"x\"}]" },
        { "a hello", """[{"type":"hello","user":"a"}]""" },
        { "a say", """[{"type":"say","text":"a"}]""" },
        { "a ping", """[{"type":"ping"}]""" },
        { "a welcome", """[{"type":"welcome","user":"a","users":[],"lastId":1}]""" },
        { "an error", """[{"type":"error","code":"bad_frame"}]""" },
        { "an ack", $$"""[{"type":"ack","id":1,"ts":{{Ts}}}]""" },
        { "a users list", """[{"type":"users","users":[]}]""" },
        { "a room frame", """[{"type":"room","room":"#a","users":[],"lastId":1,"epoch":"e"}]""" },
        { "a rooms list", """[{"type":"rooms"}]""" },
        { "a history", """[{"type":"history","room":"#a","events":[]}]""" },
        { "a join", """[{"type":"join","room":"#a"}]""" },
        { "a topic request", """[{"type":"topic","room":"#a","topic":"t"}]""" },
        { "a message without an id", $$"""[{"type":"message","ts":{{Ts}},"from":"a","text":"x"}]""" },
        { "a message with a bad timestamp", """[{"type":"message","id":1,"ts":"yesterday","from":"a","text":"x"}]""" },
        { "a left without a reason", $$"""[{"type":"left","id":1,"ts":{{Ts}},"user":"a"}]""" },
        { "an event with a repeated field", $$"""[{"type":"joined","id":1,"ts":{{Ts}},"user":"a","user":"b"}]""" },
        { "a bad event after good ones", $$"""[{"type":"joined","id":1,"ts":{{Ts}},"user":"a"},{"type":"joined","id":2,"ts":{{Ts}},"user":"b"},7]""" },
        { "a bad event before good ones", $$"""[{"type":"say","text":"x","x":[1,{"y":[2]}]},{"type":"joined","id":2,"ts":{{Ts}},"user":"b"}]""" },
        { "a repeat, then nested values", $$"""[{"type":"joined","id":1,"id":{"a":[1]},"ts":{{Ts}},"user":"a","x":[[{}]]},{"type":"joined","id":2,"ts":{{Ts}},"user":"b"}]""" },
    };

    [Theory]
    [MemberData(nameof(BadEvents))]
    public void History_events_that_are_not_all_room_events_are_bad_frame_naming_events(string what, string events)
    {
        _ = what;

        // room comes after events: were the reader lost after the refused value, it would miss it or choke.
        var error = Wire.Refused($$"""{"type":"history","events":{{events}},"room":"#a","more":true}""");

        Assert.Contains("'events'", error.Message, StringComparison.Ordinal);
        Assert.Contains("must be", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refused_events_value_is_bad_frame_not_unknown_type()
    {
        var error = Wire.Refused("""{"type":"history","room":"#a","events":[{"type":"whisper"}]}""");

        Assert.Equal(ErrorCodes.BadFrame, error.Code);
    }

    [Fact]
    public void Nested_values_of_frames_that_do_not_use_them_are_ignored_whatever_they_hold()
    {
        Assert.Equal(PingFrame.Instance, Wire.Decode("""{"type":"ping","rooms":{"#a":-1,"#a":[]},"events":[{"type":"hello"}]}"""));
        Assert.Equal(new SayFrame("x"), Wire.Decode("""{"type":"say","text":"x","rooms":[1],"events":{}}"""));
    }
}
