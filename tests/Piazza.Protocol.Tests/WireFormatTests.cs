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
