using Piazza.Protocol.Tests.Support;

namespace Piazza.Protocol.Tests;

/// <summary>
/// The writer's exact bytes for every frame type, against the examples of docs/protocol.md: the
/// shape, the field order, the timestamp format, optional fields left out when null and
/// <c>replay</c> written only when true.
/// </summary>
public sealed class WireFormatTests
{
    private static readonly DateTimeOffset Ts123 = new(2026, 11, 25, 20, 0, 0, 123, TimeSpan.Zero);
    private static readonly DateTimeOffset Ts1 = new(2026, 11, 25, 20, 0, 1, TimeSpan.Zero);
    private static readonly DateTimeOffset Ts2 = new(2026, 11, 25, 20, 0, 2, TimeSpan.Zero);

    public static TheoryData<string, Frame, string> Examples => new()
    {
        // §2
        { "hello", new HelloFrame("alice", 1, "piazza-gui/0.1"), """{"type":"hello","user":"alice","protocol":1,"client":"piazza-gui/0.1"}""" },
        { "invalid_username", new ErrorFrame(ErrorCodes.InvalidUsername, UsernameRules.Rule),
            """{"type":"error","code":"invalid_username","message":"Usernames are 1-32 characters: letters, digits, _ - . and start with a letter."}""" },
        { "username_taken", new ErrorFrame(ErrorCodes.UsernameTaken, "The username 'alice' is already in use.", Suggestion: "alice_2"),
            """{"type":"error","code":"username_taken","message":"The username 'alice' is already in use.","suggestion":"alice_2"}""" },
        { "welcome", new WelcomeFrame("alice", ["alice", "bob"], "<opaque token>", 42, ServerLimits.Default, "piazza/0.1"),
            """{"type":"welcome","user":"alice","users":["alice","bob"],"session":"<opaque token>","lastId":42,"limits":{"maxText":2000,"maxFrame":16384,"pingIntervalMs":20000,"timeoutMs":60000},"server":"piazza/0.1"}""" },
        { "message replay", new MessageFrame(40, Ts123, "bob", "earlier", Replay: true),
            """{"type":"message","id":40,"ts":"2026-11-25T20:00:00.123Z","from":"bob","text":"earlier","replay":true}""" },
        { "joined", new JoinedFrame(42, Ts1, "alice"), """{"type":"joined","id":42,"ts":"2026-11-25T20:00:01.000Z","user":"alice"}""" },
        // §3
        { "say", new SayFrame("ciao a tutti", "c-17"), """{"type":"say","text":"ciao a tutti","ref":"c-17"}""" },
        { "ack", new AckFrame("c-17", 43, Ts2), """{"type":"ack","ref":"c-17","id":43,"ts":"2026-11-25T20:00:02.000Z"}""" },
        { "message", new MessageFrame(43, Ts2, "alice", "ciao a tutti"),
            """{"type":"message","id":43,"ts":"2026-11-25T20:00:02.000Z","from":"alice","text":"ciao a tutti"}""" },
        // §4
        { "bye", ByeFrame.Instance, """{"type":"bye"}""" },
        { "left", new LeftFrame(44, Ts2, "alice", LeaveReasons.Quit),
            """{"type":"left","id":44,"ts":"2026-11-25T20:00:02.000Z","user":"alice","reason":"quit"}""" },
        { "ping", PingFrame.Instance, """{"type":"ping"}""" },
        { "pong", PongFrame.Instance, """{"type":"pong"}""" },
        { "shutdown", ShutdownFrame.Default, """{"type":"shutdown","message":"The server is shutting down."}""" },
        // §5
        { "error with ref", new ErrorFrame(ErrorCodes.MessageTooLong, "Message is 2001 characters long; the limit is 2000.", "c-17"),
            """{"type":"error","code":"message_too_long","message":"Message is 2001 characters long; the limit is 2000.","ref":"c-17"}""" },
        // §7
        { "who", WhoFrame.Instance, """{"type":"who"}""" },
        { "users", new UsersFrame(["alice", "bob"]), """{"type":"users","users":["alice","bob"]}""" },
    };

    /// <summary>
    /// The version 2 examples of the contract (§6-§10), byte for byte where the contract is
    /// concrete; where it writes <c>..</c> for a value, a value is filled in and the shape kept.
    /// </summary>
    public static TheoryData<string, Frame, string> Version2Examples => new()
    {
        // §6 (v2): the rates ride in the limits, after the version 1 ones.
        { "welcome with rates", new WelcomeFrame("alice", ["alice", "bob"], "<opaque token>", 42, ServerLimits.Default with { RateBurst = 10, RatePerSecond = 5 }, "piazza/0.1"),
            """{"type":"welcome","user":"alice","users":["alice","bob"],"session":"<opaque token>","lastId":42,"limits":{"maxText":2000,"maxFrame":16384,"pingIntervalMs":20000,"timeoutMs":60000,"rateBurst":10,"ratePerSecond":5},"server":"piazza/0.1"}""" },
        { "timeout", new ErrorFrame(ErrorCodes.Timeout, "Nothing was received for 60 seconds."),
            """{"type":"error","code":"timeout","message":"Nothing was received for 60 seconds."}""" },
        // §7
        { "hello with rooms", new HelloFrame("alice", 2, Rooms: SampleFrames.Cursors(("#piazza", new(40, "e7Qm")), ("#dev", RoomCursor.None))),
            """{"type":"hello","user":"alice","protocol":2,"rooms":{"#piazza":{"since":40,"epoch":"e7Qm"},"#dev":{}}}""" },
        { "room", new RoomFrame("#dev", "build talk", ["alice", "bob"], 57, "Zp2c", Truncated: false),
            """{"type":"room","room":"#dev","topic":"build talk","users":["alice","bob"],"lastId":57,"epoch":"Zp2c","truncated":false}""" },
        { "replayed message", new MessageFrame(40, Ts123, "bob", "earlier", Replay: true, Room: "#piazza"),
            """{"type":"message","room":"#piazza","id":40,"ts":"2026-11-25T20:00:00.123Z","from":"bob","text":"earlier","replay":true}""" },
        { "join", new JoinFrame("#dev", 12, "Zp2c"), """{"type":"join","room":"#dev","since":12,"epoch":"Zp2c"}""" },
        { "joined", new JoinedFrame(58, Ts1, "alice", "#dev"), """{"type":"joined","room":"#dev","id":58,"ts":"2026-11-25T20:00:01.000Z","user":"alice"}""" },
        { "part", new PartFrame("#dev"), """{"type":"part","room":"#dev"}""" },
        { "left part", new LeftFrame(59, Ts2, "alice", LeaveReasons.Part, "#dev"),
            """{"type":"left","room":"#dev","id":59,"ts":"2026-11-25T20:00:02.000Z","user":"alice","reason":"part"}""" },
        { "say in a room", new SayFrame("hi", "c-18", "#dev"), """{"type":"say","room":"#dev","text":"hi","ref":"c-18"}""" },
        { "topic request", new TopicFrame("#dev", "release friday"), """{"type":"topic","room":"#dev","topic":"release friday"}""" },
        { "topic event", new TopicFrame("#dev", "release friday", 60, Ts2, "alice"),
            """{"type":"topic","room":"#dev","id":60,"ts":"2026-11-25T20:00:02.000Z","user":"alice","topic":"release friday"}""" },
        { "rooms request", RoomsFrame.Request, """{"type":"rooms"}""" },
        { "rooms", new RoomsFrame([new RoomSummary("#dev", "..", 3)]), """{"type":"rooms","rooms":[{"room":"#dev","topic":"..","members":3}]}""" },
        { "who in a room", new WhoFrame("#dev"), """{"type":"who","room":"#dev"}""" },
        { "users in a room", new UsersFrame(["alice", "bob"], "#dev"), """{"type":"users","room":"#dev","users":["alice","bob"]}""" },
        { "invalid_room", new ErrorFrame(ErrorCodes.InvalidRoom, "Room name must start with #, as in #dev.", Room: "dev"),
            """{"type":"error","code":"invalid_room","message":"Room name must start with #, as in #dev.","room":"dev"}""" },
        { "ack in a room", new AckFrame("c-18", 58, Ts2, "#dev"), """{"type":"ack","ref":"c-18","room":"#dev","id":58,"ts":"2026-11-25T20:00:02.000Z"}""" },
        // §8
        { "say direct", new SayFrame("psst", "c-19", "@bob"), """{"type":"say","room":"@bob","text":"psst","ref":"c-19"}""" },
        { "message direct", new MessageFrame(3, Ts2, "alice", "psst", Room: "@alice"),
            """{"type":"message","room":"@alice","id":3,"ts":"2026-11-25T20:00:02.000Z","from":"alice","text":"psst"}""" },
        { "ack direct", new AckFrame("c-19", 3, Ts2, "@bob"), """{"type":"ack","ref":"c-19","room":"@bob","id":3,"ts":"2026-11-25T20:00:02.000Z"}""" },
        { "no_such_user", new ErrorFrame(ErrorCodes.NoSuchUser, "Nobody is called bob.", "c-19", Room: "@bob"),
            """{"type":"error","code":"no_such_user","message":"Nobody is called bob.","ref":"c-19","room":"@bob"}""" },
        // §9
        { "hello with a cursor", new HelloFrame("alice", 2, Rooms: SampleFrames.Cursors(("#dev", new(12, "Zp2c")))),
            """{"type":"hello","user":"alice","protocol":2,"rooms":{"#dev":{"since":12,"epoch":"Zp2c"}}}""" },
        { "room truncated", new RoomFrame("#dev", null, ["alice"], 1_057, "Zp2c", Truncated: true),
            """{"type":"room","room":"#dev","users":["alice"],"lastId":1057,"epoch":"Zp2c","truncated":true}""" },
        { "history request", new HistoryFrame("#dev", 120, 100), """{"type":"history","room":"#dev","before":120,"limit":100}""" },
        { "history answer", new HistoryFrame("#dev", Events: [
                new MessageFrame(118, Ts123, "bob", "earlier", Room: "#dev"),
                new JoinedFrame(119, Ts1, "carol", "#dev"),
            ], More: true),
            """{"type":"history","room":"#dev","events":[{"type":"message","room":"#dev","id":118,"ts":"2026-11-25T20:00:00.123Z","from":"bob","text":"earlier"},{"type":"joined","room":"#dev","id":119,"ts":"2026-11-25T20:00:01.000Z","user":"carol"}],"more":true}""" },
        { "store_unavailable", new ErrorFrame(ErrorCodes.StoreUnavailable, "History cannot be written just now; nothing was sent.", "c-18", Room: "#dev"),
            """{"type":"error","code":"store_unavailable","message":"History cannot be written just now; nothing was sent.","ref":"c-18","room":"#dev"}""" },
        { "hello taking over a session", new HelloFrame("alice", 2, Session: "<token from welcome>"),
            """{"type":"hello","user":"alice","protocol":2,"session":"<token from welcome>"}""" },
        { "left replaced", new LeftFrame(61, Ts2, "alice", LeaveReasons.Replaced, "#dev"),
            """{"type":"left","room":"#dev","id":61,"ts":"2026-11-25T20:00:02.000Z","user":"alice","reason":"replaced"}""" },
        // §10
        { "hello register", new HelloFrame("alice", 2, Password: "...", Register: true),
            """{"type":"hello","user":"alice","protocol":2,"password":"...","register":true}""" },
        // §12: the left event of a kick names who kicked.
        { "left kicked", new LeftFrame(62, Ts2, "bob", LeaveReasons.Kicked, "#dev", By: "alice"),
            """{"type":"left","room":"#dev","id":62,"ts":"2026-11-25T20:00:02.000Z","user":"bob","reason":"kicked","by":"alice"}""" },
    };

    [Theory]
    [MemberData(nameof(Version2Examples))]
    public void The_writer_writes_the_documented_version_2_bytes(string example, Frame frame, string expected)
    {
        _ = example;
        Assert.Equal(expected + "\n", Wire.Write(frame));
    }

    [Theory]
    [MemberData(nameof(Version2Examples))]
    public void The_documented_version_2_bytes_read_as_the_frame(string example, Frame frame, string line)
    {
        _ = example;
        FrameAssert.Equal(frame, Wire.Decode(line));
    }

    [Fact]
    public void The_contract_s_concrete_version_2_lines_are_pinned_exactly_as_written()
    {
        // Copied from protocol.md §7-§10 where every value is concrete; each is one of the examples above.
        string[] contract =
        [
            """{"type":"hello","user":"alice","protocol":2,"rooms":{"#piazza":{"since":40,"epoch":"e7Qm"},"#dev":{}}}""",
            """{"type":"room","room":"#dev","topic":"build talk","users":["alice","bob"],"lastId":57,"epoch":"Zp2c","truncated":false}""",
            """{"type":"join","room":"#dev","since":12,"epoch":"Zp2c"}""",
            """{"type":"part","room":"#dev"}""",
            """{"type":"say","room":"#dev","text":"hi","ref":"c-18"}""",
            """{"type":"topic","room":"#dev","topic":"release friday"}""",
            """{"type":"rooms"}""",
            """{"type":"rooms","rooms":[{"room":"#dev","topic":"..","members":3}]}""",
            """{"type":"who","room":"#dev"}""",
            """{"type":"say","room":"@bob","text":"psst","ref":"c-19"}""",
            """{"type":"history","room":"#dev","before":120,"limit":100}""",
            """{"type":"hello","user":"alice","protocol":2,"password":"...","register":true}""",
        ];
        var pinned = Version2Examples.Select(row => row.Data.Item3).ToHashSet(StringComparer.Ordinal);

        foreach (var line in contract)
        {
            Assert.Contains(line, pinned);
            Assert.Equal(line + "\n", Wire.Write(Wire.Decode(line)));
        }
    }

    [Fact]
    public void Room_comes_first_on_room_events_and_requests_and_after_ref_on_ack()
    {
        Assert.StartsWith("""{"type":"say","room":"#r",""", Wire.Write(new SayFrame("t", "r", "#r")), StringComparison.Ordinal);
        Assert.StartsWith("""{"type":"message","room":"#r",""", Wire.Write(new MessageFrame(1, Ts2, "a", "t", Room: "#r")), StringComparison.Ordinal);
        Assert.StartsWith("""{"type":"joined","room":"#r",""", Wire.Write(new JoinedFrame(1, Ts2, "a", "#r")), StringComparison.Ordinal);
        Assert.StartsWith("""{"type":"left","room":"#r",""", Wire.Write(new LeftFrame(1, Ts2, "a", "quit", "#r")), StringComparison.Ordinal);
        Assert.StartsWith("""{"type":"topic","room":"#r",""", Wire.Write(new TopicFrame("#r", "t", 1, Ts2, "a")), StringComparison.Ordinal);
        Assert.StartsWith("""{"type":"users","room":"#r",""", Wire.Write(new UsersFrame(["a"], "#r")), StringComparison.Ordinal);
        Assert.StartsWith("""{"type":"who","room":"#r"}""", Wire.Write(new WhoFrame("#r")), StringComparison.Ordinal);
        Assert.StartsWith("""{"type":"ack","ref":"r","room":"#r","id":1,""", Wire.Write(new AckFrame("r", 1, Ts2, "#r")), StringComparison.Ordinal);
        Assert.StartsWith("""{"type":"ack","room":"#r","id":1,""", Wire.Write(new AckFrame(null, 1, Ts2, "#r")), StringComparison.Ordinal);
    }

    [Fact]
    public void Error_writes_room_last()
    {
        Assert.Equal(
            """{"type":"error","code":"c","message":"m","ref":"r","suggestion":"s","room":"#r"}""" + "\n",
            Wire.Write(new ErrorFrame("c", "m", "r", "s", "#r")));
    }

    [Fact]
    public void Hello_writes_every_version_2_field_in_order_when_given()
    {
        Assert.Equal(
            """{"type":"hello","user":"alice","protocol":2,"client":"c","since":41,"session":"s","rooms":{"#a":{"since":1,"epoch":"e"}},"password":"p","register":false}""" + "\n",
            Wire.Write(new HelloFrame("alice", 2, "c", 41, "s", SampleFrames.Cursors(("#a", new(1, "e"))), "p", false)));
        Assert.Equal("""{"type":"hello","user":"a","rooms":{}}""" + "\n", Wire.Write(new HelloFrame("a", Rooms: SampleFrames.Cursors())));
        Assert.Equal("""{"type":"hello","user":"a","password":""}""" + "\n", Wire.Write(new HelloFrame("a", Password: "")));
    }

    [Fact]
    public void A_cursor_writes_only_what_it_has()
    {
        var rooms = SampleFrames.Cursors(("#a", new(0)), ("#b", new(Epoch: "e")), ("#c", RoomCursor.None), ("#d", new(long.MaxValue, "")));

        Assert.Equal(
            """{"type":"hello","user":"a","rooms":{"#a":{"since":0},"#b":{"epoch":"e"},"#c":{},"#d":{"since":9223372036854775807,"epoch":""}}}""" + "\n",
            Wire.Write(new HelloFrame("a", Rooms: rooms)));
    }

    [Fact]
    public void Room_writes_truncated_always_and_topic_only_when_there_is_one()
    {
        Assert.Equal("""{"type":"room","room":"#a","users":[],"lastId":0,"epoch":"","truncated":false}""" + "\n",
            Wire.Write(new RoomFrame("#a", null, [], 0, "", false)));
        Assert.Equal("""{"type":"room","room":"#a","topic":"","users":["b"],"lastId":-1,"epoch":"e","truncated":true}""" + "\n",
            Wire.Write(new RoomFrame("#a", "", ["b"], -1, "e", true)));
    }

    [Fact]
    public void Join_writes_only_the_cursor_it_has()
    {
        Assert.Equal("""{"type":"join","room":"#a"}""" + "\n", Wire.Write(new JoinFrame("#a")));
        Assert.Equal("""{"type":"join","room":"#a","since":0}""" + "\n", Wire.Write(new JoinFrame("#a", 0)));
        Assert.Equal("""{"type":"join","room":"#a","epoch":"e"}""" + "\n", Wire.Write(new JoinFrame("#a", Epoch: "e")));
    }

    [Fact]
    public void A_topic_event_writes_room_id_ts_user_topic_then_replay_and_a_request_only_room_and_topic()
    {
        Assert.Equal("""{"type":"topic","room":"#a","id":1,"ts":"2026-11-25T20:00:02.000Z","user":"u","topic":"t","replay":true}""" + "\n",
            Wire.Write(new TopicFrame("#a", "t", 1, Ts2, "u", Replay: true)));
        Assert.Equal("""{"type":"topic","room":"#a","id":1,"topic":"t"}""" + "\n", Wire.Write(new TopicFrame("#a", "t", 1)));
        Assert.Equal("""{"type":"topic","room":"#a","topic":""}""" + "\n", Wire.Write(new TopicFrame("#a", "")));
    }

    [Fact]
    public void Left_writes_by_after_reason_and_before_replay()
    {
        Assert.Equal("""{"type":"left","room":"#a","id":1,"ts":"2026-11-25T20:00:02.000Z","user":"b","reason":"kicked","by":"c","replay":true}""" + "\n",
            Wire.Write(new LeftFrame(1, Ts2, "b", LeaveReasons.Kicked, "#a", Replay: true, By: "c")));
    }

    [Fact]
    public void Joined_writes_replay_last_only_when_true()
    {
        Assert.Equal("""{"type":"joined","room":"#a","id":1,"ts":"2026-11-25T20:00:02.000Z","user":"b","replay":true}""" + "\n",
            Wire.Write(new JoinedFrame(1, Ts2, "b", "#a", Replay: true)));
        Assert.DoesNotContain("replay", Wire.Write(new JoinedFrame(1, Ts2, "b", "#a")), StringComparison.Ordinal);
    }

    [Fact]
    public void Rooms_writes_each_summary_as_room_topic_members_leaving_out_a_missing_topic()
    {
        Assert.Equal("""{"type":"rooms","rooms":[{"room":"#a","members":0},{"room":"#b","topic":"","members":2147483647}]}""" + "\n",
            Wire.Write(new RoomsFrame([new RoomSummary("#a", null, 0), new RoomSummary("#b", "", int.MaxValue)])));
        Assert.Equal("""{"type":"rooms","rooms":[]}""" + "\n", Wire.Write(new RoomsFrame([])));
    }

    [Fact]
    public void History_writes_room_before_limit_events_more_and_only_what_it_has()
    {
        Assert.Equal("""{"type":"history","room":"#a"}""" + "\n", Wire.Write(new HistoryFrame("#a")));
        Assert.Equal("""{"type":"history","room":"#a","limit":200}""" + "\n", Wire.Write(new HistoryFrame("#a", Limit: 200)));
        Assert.Equal("""{"type":"history","room":"#a","before":1,"limit":2,"events":[],"more":false}""" + "\n",
            Wire.Write(new HistoryFrame("#a", 1, 2, [], false)));
    }

    [Fact]
    public void History_events_are_written_as_the_events_themselves()
    {
        var topic = new TopicFrame("#a", "t", 3, Ts2, "u", Replay: true);
        var left = new LeftFrame(4, Ts2, "u", LeaveReasons.Part, By: "x");

        var line = Wire.Write(new HistoryFrame("#a", Events: [topic, left]));

        var events = Wire.Write(topic).TrimEnd('\n') + "," + Wire.Write(left).TrimEnd('\n');
        Assert.Equal("""{"type":"history","room":"#a","events":[""" + events + "]}\n", line);
    }

    [Fact]
    public void Rates_are_written_only_when_above_zero_each_on_its_own()
    {
        const string Base = "\"maxText\":2000,\"maxFrame\":16384,\"pingIntervalMs\":20000,\"timeoutMs\":60000";

        Assert.Contains("{" + Base + "}", Wire.Write(Welcome(ServerLimits.Default)), StringComparison.Ordinal);
        Assert.Contains("{" + Base + ",\"rateBurst\":1}", Wire.Write(Welcome(ServerLimits.Default with { RateBurst = 1 })), StringComparison.Ordinal);
        Assert.Contains("{" + Base + ",\"ratePerSecond\":0.5}", Wire.Write(Welcome(ServerLimits.Default with { RatePerSecond = 0.5 })), StringComparison.Ordinal);
        Assert.Contains("{" + Base + ",\"rateBurst\":2.5,\"ratePerSecond\":0.1}", Wire.Write(Welcome(ServerLimits.Default with { RateBurst = 2.5, RatePerSecond = 0.1 })), StringComparison.Ordinal);

        static WelcomeFrame Welcome(ServerLimits limits) => new("a", [], "s", 1, limits, "p");
    }

    [Fact]
    public void Writing_a_frame_that_is_not_a_room_event_into_history_is_a_programming_error()
    {
        Assert.Throws<ArgumentException>(() => FrameWriter.ToBytes(new HistoryFrame("#a", Events: [new SayFrame("hi")])));
        Assert.Throws<ArgumentException>(() => FrameWriter.ToBytes(new HistoryFrame("#a", Events: [PingFrame.Instance])));

        // A topic without an id is the request to set it, not the event that set it.
        Assert.Throws<ArgumentException>(() => FrameWriter.ToBytes(new HistoryFrame("#a", Events: [new TopicFrame("#a", "t")])));

        // The writer is still fine afterwards.
        Assert.Equal("{\"type\":\"ping\"}\n", Wire.Write(PingFrame.Instance));
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void The_writer_writes_the_documented_bytes(string example, Frame frame, string expected)
    {
        _ = example;
        Assert.Equal(expected + "\n", Wire.Write(frame));
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void The_documented_bytes_read_as_the_frame(string example, Frame frame, string line)
    {
        _ = example;
        FrameAssert.Equal(frame, Wire.Decode(line));
    }

    [Fact]
    public void Optional_fields_are_left_out_when_null()
    {
        Assert.Equal("""{"type":"hello","user":"alice"}""" + "\n", Wire.Write(new HelloFrame("alice")));
        Assert.Equal("""{"type":"say","text":"hi"}""" + "\n", Wire.Write(new SayFrame("hi")));
        Assert.Equal("""{"type":"ack","id":43,"ts":"2026-11-25T20:00:02.000Z"}""" + "\n", Wire.Write(new AckFrame(null, 43, Ts2)));
        Assert.Equal("""{"type":"error","code":"bad_frame","message":"m"}""" + "\n", Wire.Write(new ErrorFrame("bad_frame", "m")));
    }

    [Fact]
    public void Hello_writes_every_field_in_order_when_given()
    {
        Assert.Equal(
            """{"type":"hello","user":"alice","protocol":1,"client":"c","since":41,"session":"s"}""" + "\n",
            Wire.Write(new HelloFrame("alice", 1, "c", 41, "s")));
        Assert.Equal("""{"type":"hello","user":"a","since":0}""" + "\n", Wire.Write(new HelloFrame("a", Since: 0)));
    }

    [Fact]
    public void Error_writes_ref_before_suggestion()
    {
        Assert.Equal(
            """{"type":"error","code":"c","message":"m","ref":"r","suggestion":"s"}""" + "\n",
            Wire.Write(new ErrorFrame("c", "m", "r", "s")));
    }

    [Fact]
    public void Replay_is_written_only_when_true()
    {
        Assert.DoesNotContain("replay", Wire.Write(new MessageFrame(1, Ts2, "a", "b", Replay: false)), StringComparison.Ordinal);
        Assert.EndsWith(""","replay":true}""" + "\n", Wire.Write(new MessageFrame(1, Ts2, "a", "b", Replay: true)), StringComparison.Ordinal);
    }

    public static TheoryData<DateTimeOffset, string> Timestamps => new()
    {
        { new DateTimeOffset(2026, 11, 25, 20, 0, 2, TimeSpan.Zero), "2026-11-25T20:00:02.000Z" },
        { new DateTimeOffset(2026, 11, 25, 20, 0, 0, 123, TimeSpan.Zero), "2026-11-25T20:00:00.123Z" },
        { new DateTimeOffset(2026, 11, 25, 21, 30, 0, 7, TimeSpan.FromHours(1.5)), "2026-11-25T20:00:00.007Z" },
        { new DateTimeOffset(2027, 1, 1, 3, 0, 0, TimeSpan.FromHours(5)), "2026-12-31T22:00:00.000Z" },
        { new DateTimeOffset(2026, 11, 25, 20, 0, 0, TimeSpan.Zero).AddTicks(9_999), "2026-11-25T20:00:00.000Z" },
        { new DateTimeOffset(2026, 11, 25, 23, 59, 59, 999, TimeSpan.Zero).AddTicks(9_999), "2026-11-25T23:59:59.999Z" },
        { new DateTimeOffset(1, 1, 1, 0, 0, 0, TimeSpan.Zero), "0001-01-01T00:00:00.000Z" },
    };

    [Theory]
    [MemberData(nameof(Timestamps))]
    public void Timestamps_are_utc_with_three_digit_milliseconds(DateTimeOffset ts, string expected)
    {
        Assert.Equal($$"""{"type":"joined","id":1,"ts":"{{expected}}","user":"a"}""" + "\n", Wire.Write(new JoinedFrame(1, ts, "a")));
    }

    [Fact]
    public void Numbers_are_written_in_full()
    {
        Assert.Equal("""{"type":"joined","id":-9223372036854775808,"ts":"2026-11-25T20:00:02.000Z","user":"a"}""" + "\n",
            Wire.Write(new JoinedFrame(long.MinValue, Ts2, "a")));
        Assert.Equal("""{"type":"hello","user":"a","protocol":-2147483648,"since":9223372036854775807}""" + "\n",
            Wire.Write(new HelloFrame("a", int.MinValue, Since: long.MaxValue)));
    }
}
