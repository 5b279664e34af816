using Piazza.Protocol.Tests.Support;

namespace Piazza.Protocol.Tests;

/// <summary>
/// The frames of accounts and moderation (§10, §12) byte for byte, as docs/protocol.md shows them,
/// and which fields each needs.
/// </summary>
public sealed class AccountWireFormatTests
{
    private static readonly DateTimeOffset Ts2 = new(2026, 11, 25, 20, 0, 2, TimeSpan.Zero);

    public static TheoryData<string, Frame, string> Examples => new()
    {
        // §10
        { "register", new HelloFrame("alice", 2, Password: "correct horse battery", Register: true),
            """{"type":"hello","user":"alice","protocol":2,"password":"correct horse battery","register":true}""" },
        { "welcome signed in", new WelcomeFrame("alice", ["alice"], "Qm9iIGlzIGhlcmU", 0, ServerLimits.Default, "piazza/0.2", Account: true),
            """{"type":"welcome","user":"alice","users":["alice"],"session":"Qm9iIGlzIGhlcmU","lastId":0,"limits":{"maxText":2000,"maxFrame":16384,"pingIntervalMs":20000,"timeoutMs":60000},"server":"piazza/0.2","account":true}""" },
        { "welcome of a server operator", new WelcomeFrame("root", ["root"], "s", 0, ServerLimits.Default, "piazza/0.2", Account: true, Admin: true),
            """{"type":"welcome","user":"root","users":["root"],"session":"s","lastId":0,"limits":{"maxText":2000,"maxFrame":16384,"pingIntervalMs":20000,"timeoutMs":60000},"server":"piazza/0.2","account":true,"admin":true}""" },
        { "password change", new PasswordFrame("correct horse battery", "staple gun blue sky"),
            """{"type":"password","password":"correct horse battery","newPassword":"staple gun blue sky"}""" },
        { "password confirmation", PasswordFrame.Confirmation, """{"type":"password","changed":true}""" },
        { "auth_failed", new ErrorFrame(ErrorCodes.AuthFailed, "Wrong name or password."),
            """{"type":"error","code":"auth_failed","message":"Wrong name or password."}""" },
        { "too_many_attempts", new ErrorFrame(ErrorCodes.TooManyAttempts, "Too many failed sign-ins from your address; try again in 30 s."),
            """{"type":"error","code":"too_many_attempts","message":"Too many failed sign-ins from your address; try again in 30 s."}""" },
        // §12
        { "kick", new ModerationFrame(FrameTypes.Kick, "#dev", "bob", Reason: "spam"), """{"type":"kick","room":"#dev","user":"bob","reason":"spam"}""" },
        { "ban", new ModerationFrame(FrameTypes.Ban, "#dev", "bob", Duration: 3600, Reason: "spam"),
            """{"type":"ban","room":"#dev","user":"bob","duration":3600,"reason":"spam"}""" },
        { "ban an address from the server", new ModerationFrame(FrameTypes.Ban, Address: "203.0.113.9"),
            """{"type":"ban","address":"203.0.113.9"}""" },
        { "mute", new ModerationFrame(FrameTypes.Mute, "#dev", "bob", Duration: 600), """{"type":"mute","room":"#dev","user":"bob","duration":600}""" },
        { "unban", new ModerationFrame(FrameTypes.Unban, "#dev", "bob"), """{"type":"unban","room":"#dev","user":"bob"}""" },
        { "unmute", new ModerationFrame(FrameTypes.Unmute, "#dev", "bob"), """{"type":"unmute","room":"#dev","user":"bob"}""" },
        { "op", new ModerationFrame(FrameTypes.Op, "#dev", "carol"), """{"type":"op","room":"#dev","user":"carol"}""" },
        { "deop", new ModerationFrame(FrameTypes.Deop, "#dev", "carol"), """{"type":"deop","room":"#dev","user":"carol"}""" },
        { "left kicked", new LeftFrame(60, Ts2, "bob", LeaveReasons.Kicked, "#dev", By: "alice", Note: "spam"),
            """{"type":"left","room":"#dev","id":60,"ts":"2026-11-25T20:00:02.000Z","user":"bob","reason":"kicked","by":"alice","note":"spam"}""" },
        { "mod event", new ModFrame(FrameTypes.Ban, "alice", "bob", Duration: 3600, Reason: "spam", Room: "#dev", Id: 61, Ts: Ts2),
            """{"type":"mod","room":"#dev","id":61,"ts":"2026-11-25T20:00:02.000Z","by":"alice","action":"ban","user":"bob","duration":3600,"reason":"spam"}""" },
        { "mod confirmation", new ModFrame(FrameTypes.Ban, "root", Address: "203.0.113.9"),
            """{"type":"mod","by":"root","action":"ban","address":"203.0.113.9"}""" },
        { "room with operators", new RoomFrame("#dev", "build talk", ["alice", "bob"], 57, "Zp2c", Truncated: false, Operators: ["alice"]),
            """{"type":"room","room":"#dev","topic":"build talk","users":["alice","bob"],"operators":["alice"],"lastId":57,"epoch":"Zp2c","truncated":false}""" },
        { "not_permitted", new ErrorFrame(ErrorCodes.NotPermitted, "You are muted in #dev for good.", "c-20", Room: "#dev"),
            """{"type":"error","code":"not_permitted","message":"You are muted in #dev for good.","ref":"c-20","room":"#dev"}""" },
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
    public void Every_new_error_code_is_a_stable_snake_case_word()
    {
        string[] codes =
        [
            ErrorCodes.AuthFailed, ErrorCodes.AccountExists, ErrorCodes.WeakPassword, ErrorCodes.AuthRequired,
            ErrorCodes.TooManyAttempts, ErrorCodes.TlsRequired, ErrorCodes.NotPermitted,
        ];

        Assert.Equal(
            ["auth_failed", "account_exists", "weak_password", "auth_required", "too_many_attempts", "tls_required", "not_permitted"],
            codes);
    }

    [Fact]
    public void A_welcome_writes_account_and_admin_only_when_true()
    {
        var guest = Wire.Write(new WelcomeFrame("bob", ["bob"], "s", 1, ServerLimits.Default, "p"));

        Assert.DoesNotContain("account", guest, StringComparison.Ordinal);
        Assert.DoesNotContain("admin", guest, StringComparison.Ordinal);
        Assert.EndsWith("\"server\":\"p\",\"admin\":true}\n", Wire.Write(new WelcomeFrame("bob", [], "s", 1, ServerLimits.Default, "p", Admin: true)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_room_without_operators_writes_none_and_an_empty_list_writes_an_empty_array()
    {
        Assert.DoesNotContain("operators", Wire.Write(new RoomFrame("#a", null, [], 1, "e", false)), StringComparison.Ordinal);
        Assert.Contains("\"users\":[],\"operators\":[],\"lastId\"", Wire.Write(new RoomFrame("#a", null, [], 1, "e", false, [])), StringComparison.Ordinal);
    }

    [Fact]
    public void Left_writes_note_after_by_and_before_replay()
    {
        Assert.Equal("""{"type":"left","id":1,"ts":"2026-11-25T20:00:02.000Z","user":"b","reason":"kicked","by":"c","note":"n","replay":true}""" + "\n",
            Wire.Write(new LeftFrame(1, Ts2, "b", LeaveReasons.Kicked, Replay: true, By: "c", Note: "n")));
    }

    [Fact]
    public void A_mod_event_is_a_history_event_and_a_confirmation_is_not()
    {
        var mod = new ModFrame(FrameTypes.Mute, "a", "b", Room: "#r", Id: 3, Ts: Ts2);

        var line = Wire.Write(new HistoryFrame("#r", Events: [mod], More: false));

        Assert.Contains(Wire.Write(mod).TrimEnd('\n'), line, StringComparison.Ordinal);
        FrameAssert.Equal(mod, Assert.Single(((HistoryFrame)Wire.Decode(line)).Events!));
        Assert.Throws<ArgumentException>(() => FrameWriter.ToBytes(new HistoryFrame("#r", Events: [new ModFrame(FrameTypes.Op, "a", "b")])));
        Wire.Refused("""{"type":"history","room":"#r","events":[{"type":"mod","by":"a","action":"op"}]}""");
    }

    [Fact]
    public void Every_moderation_request_type_reads_as_a_moderation_frame_of_that_type()
    {
        foreach (var action in ModerationFrame.Actions)
        {
            var frame = Assert.IsType<ModerationFrame>(Wire.Decode($$"""{"type":"{{action}}","room":"#r","user":"u"}"""));
            Assert.Equal(action, frame.Type);
            Assert.Equal(new ModerationFrame(action, "#r", "u"), frame);
        }
    }

    public static TheoryData<string, string> Required => new()
    {
        { """{"type":"kick","room":"#a","user":"b"}""", "room" },
        { """{"type":"kick","room":"#a","user":"b"}""", "user" },
        { """{"type":"op","room":"#a","user":"b"}""", "room" },
        { """{"type":"op","room":"#a","user":"b"}""", "user" },
        { """{"type":"deop","room":"#a","user":"b"}""", "room" },
        { """{"type":"deop","room":"#a","user":"b"}""", "user" },
        { """{"type":"mod","by":"a","action":"ban"}""", "by" },
        { """{"type":"mod","by":"a","action":"ban"}""", "action" },
    };

    [Theory]
    [MemberData(nameof(Required))]
    public void Without_a_required_field_the_frame_is_bad_frame_naming_it(string line, string field)
    {
        Wire.Decode(line);
        var json = System.Text.Json.Nodes.JsonNode.Parse(line)!.AsObject();
        json.Remove(field);

        Assert.Contains($"'{field}'", Wire.Refused(json.ToJsonString()).Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> WrongKind => new()
    {
        { """{"type":"password","password":1,"newPassword":"x"}""", "password" },
        { """{"type":"password","password":"x","newPassword":["y"]}""", "newPassword" },
        { """{"type":"password","changed":"yes"}""", "changed" },
        { """{"type":"kick","room":"#a","user":1}""", "user" },
        { """{"type":"kick","room":"#a","user":"b","reason":{}}""", "reason" },
        { """{"type":"ban","room":1,"user":"b"}""", "room" },
        { """{"type":"ban","address":7}""", "address" },
        { """{"type":"ban","user":"b","duration":"3600"}""", "duration" },
        { """{"type":"ban","user":"b","duration":1.5}""", "duration" },
        { """{"type":"mute","user":"b","duration":true}""", "duration" },
        { """{"type":"mod","by":"a","action":"ban","duration":"1"}""", "duration" },
        { """{"type":"mod","by":1,"action":"ban"}""", "by" },
        { """{"type":"mod","by":"a","action":"ban","id":"3"}""", "id" },
        { """{"type":"left","id":1,"ts":"2026-11-25T20:00:02.000Z","user":"a","reason":"kicked","note":5}""", "note" },
        { """{"type":"room","room":"#a","users":[],"operators":"alice","lastId":1,"epoch":"e"}""", "operators" },
        { """{"type":"room","room":"#a","users":[],"operators":[1],"lastId":1,"epoch":"e"}""", "operators" },
        { """{"type":"welcome","user":"a","users":[],"lastId":1,"account":"yes"}""", "account" },
        { """{"type":"welcome","user":"a","users":[],"lastId":1,"admin":1}""", "admin" },
    };

    [Theory]
    [MemberData(nameof(WrongKind))]
    public void A_field_of_the_wrong_kind_is_bad_frame_naming_it(string line, string field)
    {
        Assert.Contains($"'{field}'", Wire.Refused(line).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ban")]
    [InlineData("unban")]
    [InlineData("mute")]
    [InlineData("unmute")]
    public void A_restriction_names_a_user_or_an_address_not_both_nor_neither(string type)
    {
        var neither = Wire.Refused($$"""{"type":"{{type}}","room":"#a"}""");
        var both = Wire.Refused($$"""{"type":"{{type}}","room":"#a","user":"b","address":"1.2.3.4"}""");

        Assert.Contains("'user'", neither.Message, StringComparison.Ordinal);
        Assert.Contains("'address'", neither.Message, StringComparison.Ordinal);
        Assert.Contains("not both", both.Message, StringComparison.Ordinal);
        Assert.Equal(new ModerationFrame(type, Address: "1.2.3.4"), Wire.Decode($$"""{"type":"{{type}}","address":"1.2.3.4"}"""));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(315_360_001)]
    [InlineData(long.MaxValue)]
    public void A_duration_out_of_range_is_bad_frame_naming_it_and_the_rule(long duration)
    {
        var error = Wire.Refused($$"""{"type":"ban","user":"b","duration":{{duration}}}""");

        Assert.Contains("'duration'", error.Message, StringComparison.Ordinal);
        Assert.Contains("for good", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(315_360_000)]
    public void A_duration_in_range_is_kept(long duration)
    {
        Assert.Equal(new ModerationFrame(FrameTypes.Mute, User: "b", Duration: duration), Wire.Decode($$"""{"type":"mute","user":"b","duration":{{duration}}}"""));
    }

    [Theory]
    [InlineData("unban")]
    [InlineData("unmute")]
    [InlineData("kick")]
    public void A_duration_does_not_belong_to_an_undo_or_a_kick_and_is_ignored(string type)
    {
        var frame = (ModerationFrame)Wire.Decode($$"""{"type":"{{type}}","room":"#a","user":"b","duration":-1}""");

        Assert.Null(frame.Duration);
    }

    [Fact]
    public void A_password_frame_reads_whatever_it_holds_and_the_server_judges_what_is_missing()
    {
        Assert.Equal(new PasswordFrame(), Wire.Decode("""{"type":"password"}"""));
        Assert.Equal(new PasswordFrame("a"), Wire.Decode("""{"type":"password","password":"a"}"""));
        Assert.Same(PasswordFrame.Confirmation, Wire.Decode("""{"type":"password","changed":true}"""));
    }

    [Fact]
    public void Null_new_fields_count_as_absent()
    {
        var ts = Ts2;
        Assert.Equal(new LeftFrame(1, ts, "a", "kicked"), Wire.Decode("""{"type":"left","id":1,"ts":"2026-11-25T20:00:02.000Z","user":"a","reason":"kicked","note":null}"""));
        Assert.Equal(new ModerationFrame(FrameTypes.Ban, User: "b"), Wire.Decode("""{"type":"ban","user":"b","address":null,"duration":null,"room":null,"reason":null}"""));
        FrameAssert.Equal(new RoomFrame("#a", null, [], 1, "e", false), Wire.Decode("""{"type":"room","room":"#a","users":[],"operators":null,"lastId":1,"epoch":"e"}"""));
        FrameAssert.Equal(new WelcomeFrame("a", [], "", 1, ServerLimits.Default, ""), Wire.Decode("""{"type":"welcome","user":"a","users":[],"lastId":1,"account":null,"admin":null}"""));
    }
}
