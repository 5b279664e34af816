namespace Piazza.Protocol.Tests.Support;

/// <summary>One or more frames of every type, with the fields that matter filled in differently.</summary>
internal static class SampleFrames
{
    public static readonly DateTimeOffset Ts = new(2026, 11, 25, 20, 0, 2, TimeSpan.Zero);

    /// <summary>The frames of protocol version 1 (§2-§5), whose bytes must never change.</summary>
    public static IReadOnlyDictionary<string, Frame> Version1 { get; } = new Dictionary<string, Frame>
    {
        ["hello minimal"] = new HelloFrame("alice"),
        ["hello full"] = new HelloFrame("alice", 1, "piazza-gui/0.1", 41, "tok-123"),
        ["hello other protocol"] = new HelloFrame("bob", 2),
        ["welcome"] = new WelcomeFrame("alice", ["alice", "bob"], "tok", 42, ServerLimits.Default, "piazza/0.1"),
        ["welcome alone, odd limits"] = new WelcomeFrame("zoe", ["zoe"], "", 0, new ServerLimits(10, 1_048_576, 0, long.MaxValue), ""),
        ["welcome empty list"] = new WelcomeFrame("x", [], "s", long.MaxValue, ServerLimits.Default, "s"),
        ["say"] = new SayFrame("ciao a tutti", "c-17"),
        ["say without ref"] = new SayFrame("ciao"),
        ["say multi-line"] = new SayFrame("line 1\nline 2\t\"quoted\" \\ back"),
        ["ack"] = new AckFrame("c-17", 43, Ts),
        ["ack without ref"] = new AckFrame(null, 1, Ts),
        ["message"] = new MessageFrame(43, Ts, "alice", "ciao a tutti"),
        ["message replay"] = new MessageFrame(40, Ts.AddMilliseconds(-1877), "bob", "earlier", Replay: true),
        ["message unicode"] = new MessageFrame(long.MaxValue, Ts, "bob", "é € 😀 𝄞 中文 👩‍👩‍👧‍👦"),
        ["joined"] = new JoinedFrame(42, Ts, "alice"),
        ["left"] = new LeftFrame(44, Ts, "alice", LeaveReasons.Quit),
        ["left timeout"] = new LeftFrame(-1, Ts, "bob", LeaveReasons.Timeout),
        ["bye"] = ByeFrame.Instance,
        ["ping"] = PingFrame.Instance,
        ["pong"] = PongFrame.Instance,
        ["who"] = WhoFrame.Instance,
        ["error"] = new ErrorFrame(ErrorCodes.BadFrame, "A frame must be a JSON object."),
        ["error with ref"] = new ErrorFrame(ErrorCodes.MessageTooLong, "Too long.", "c-18"),
        ["error with suggestion"] = new ErrorFrame(ErrorCodes.UsernameTaken, "Taken.", Suggestion: "alice_2"),
        ["error with both"] = new ErrorFrame(ErrorCodes.InvalidText, "No.", "r", "s"),
        ["error empty message"] = new ErrorFrame("some_future_code", ""),
        ["shutdown"] = ShutdownFrame.Default,
        ["shutdown custom"] = new ShutdownFrame("Back in 5 minutes."),
        ["users"] = new UsersFrame(["alice", "bob", "carol"]),
        ["users empty"] = new UsersFrame([]),
    };

    /// <summary>The frames and fields of protocol version 2 (§6-§10): rooms, cursors, direct messages, history, accounts.</summary>
    public static IReadOnlyDictionary<string, Frame> Version2 { get; } = new Dictionary<string, Frame>
    {
        ["hello with rooms"] = new HelloFrame("alice", 2, Rooms: Cursors(("#piazza", new(40, "e7Qm")), ("#dev", RoomCursor.None))),
        ["hello with half cursors"] = new HelloFrame("bob", 2, Rooms: Cursors(("#a", new(0)), ("#b", new(Epoch: "Zp2c")), ("@alice", new(long.MaxValue, "")))),
        ["hello naming no rooms"] = new HelloFrame("carol", 2, Rooms: Cursors()),
        ["hello register"] = new HelloFrame("alice", 2, Password: "correct horse battery", Register: true),
        ["hello every field"] = new HelloFrame("alice", 2, "piazza-gui/0.2", 41, "tok-123", Cursors(("#dev", new(12, "Zp2c"))), "p\"w\n😀", false),
        ["welcome with rates"] = new WelcomeFrame("alice", ["alice"], "tok", 42, ServerLimits.Default with { RateBurst = 10, RatePerSecond = 5 }, "piazza/0.2"),
        ["welcome with fractional rates"] = new WelcomeFrame("bob", [], "", 0, new ServerLimits(1, 2, 3, 4, 0.5, 0.25), ""),
        ["welcome with one rate"] = new WelcomeFrame("bob", [], "", 0, ServerLimits.Default with { RatePerSecond = 1e-3 }, ""),
        ["say in a room"] = new SayFrame("hi", "c-18", "#dev"),
        ["say direct, no ref"] = new SayFrame("psst", Room: "@bob"),
        ["ack in a room"] = new AckFrame("c-18", 58, Ts, "#dev"),
        ["ack direct, no ref"] = new AckFrame(null, 3, Ts, "@bob"),
        ["message in a room"] = new MessageFrame(58, Ts, "alice", "hi", Room: "#dev"),
        ["message direct replay"] = new MessageFrame(3, Ts, "alice", "psst", Replay: true, Room: "@alice"),
        ["joined in a room"] = new JoinedFrame(12, Ts, "bob", "#dev"),
        ["joined replay"] = new JoinedFrame(11, Ts, "bob", "#piazza", Replay: true),
        ["left part"] = new LeftFrame(13, Ts, "bob", LeaveReasons.Part, "#dev"),
        ["left kicked by, replay"] = new LeftFrame(14, Ts, "carol", LeaveReasons.Kicked, "#dev", Replay: true, By: "alice"),
        ["left replaced without room"] = new LeftFrame(15, Ts, "dave", LeaveReasons.Replaced, Replay: true),
        ["who in a room"] = new WhoFrame("#dev"),
        ["users in a room"] = new UsersFrame(["alice", "bob"], "#dev"),
        ["users in an empty room"] = new UsersFrame([], "#empty"),
        ["error about a room"] = new ErrorFrame(ErrorCodes.NotInRoom, "You are not in #dev.", Room: "#dev"),
        ["error with everything"] = new ErrorFrame(ErrorCodes.StoreUnavailable, "Try again.", "c-18", "s", "#dev"),
        ["room"] = new RoomFrame("#dev", "build talk", ["alice", "bob"], 57, "Zp2c", Truncated: false),
        ["room truncated, no topic"] = new RoomFrame("#new", null, ["alice"], 0, "e", Truncated: true),
        ["room direct, empty"] = new RoomFrame("@bob", "", [], long.MaxValue, "", Truncated: false),
        ["join"] = new JoinFrame("#dev", 12, "Zp2c"),
        ["join without cursor"] = new JoinFrame("#dev"),
        ["join since zero"] = new JoinFrame("#new", 0),
        ["part"] = new PartFrame("#dev"),
        ["topic request"] = new TopicFrame("#dev", "release friday"),
        ["topic clear"] = new TopicFrame("#dev", ""),
        ["topic event"] = new TopicFrame("#dev", "release friday", 59, Ts, "alice"),
        ["topic event replay"] = new TopicFrame("#dev", "é 😀 \"x\"\n", 1, Ts.AddDays(-3), "bob", Replay: true),
        ["rooms request"] = RoomsFrame.Request,
        ["rooms"] = new RoomsFrame([new RoomSummary("#dev", "build talk", 3), new RoomSummary("#piazza", null, 0)]),
        ["rooms none"] = new RoomsFrame([]),
        ["history request"] = new HistoryFrame("#dev", 120, 100),
        ["history request from the newest"] = new HistoryFrame("#dev"),
        ["history answer"] = new HistoryFrame(
            "#dev",
            Events:
            [
                new MessageFrame(117, Ts.AddMinutes(-9), "bob", "earlier 😀", Replay: true, Room: "#dev"),
                new JoinedFrame(118, Ts.AddMinutes(-8), "carol", "#dev"),
                new TopicFrame("#dev", "build talk", 119, Ts.AddMinutes(-7), "carol"),
                new LeftFrame(120, Ts.AddMinutes(-6), "carol", LeaveReasons.Part, "#dev", By: null),
                new MessageFrame(121, Ts.AddMinutes(-5), "alice", "no room field"),
            ],
            More: true),
        ["history answer, empty"] = new HistoryFrame("@bob", Events: [], More: false),
    };

    /// <summary>The frames and fields of accounts and moderation (§10, §12).</summary>
    public static IReadOnlyDictionary<string, Frame> Accounts { get; } = new Dictionary<string, Frame>
    {
        ["welcome signed in"] = new WelcomeFrame("alice", ["alice"], "tok", 0, ServerLimits.Default, "piazza/0.2", Account: true),
        ["welcome of a server operator"] = new WelcomeFrame("root", ["root"], "tok", 0, ServerLimits.Default, "piazza/0.2", Account: true, Admin: true),
        ["password change"] = new PasswordFrame("correct horse battery", "staple gun \"blue\" 😀"),
        ["password confirmation"] = PasswordFrame.Confirmation,
        ["password half a request"] = new PasswordFrame(NewPassword: "only the new one"),
        ["kick"] = new ModerationFrame(FrameTypes.Kick, "#dev", "bob", Reason: "spam"),
        ["kick without reason"] = new ModerationFrame(FrameTypes.Kick, "#dev", "bob"),
        ["ban for an hour"] = new ModerationFrame(FrameTypes.Ban, "#dev", "bob", Duration: 3600, Reason: "spam"),
        ["ban an address from the server for good"] = new ModerationFrame(FrameTypes.Ban, Address: "203.0.113.9", Reason: "flood"),
        ["unban"] = new ModerationFrame(FrameTypes.Unban, "#dev", "bob"),
        ["mute for ten minutes"] = new ModerationFrame(FrameTypes.Mute, "#dev", "bob", Duration: 600),
        ["unmute an address"] = new ModerationFrame(FrameTypes.Unmute, "#dev", Address: "2001:db8::7"),
        ["op"] = new ModerationFrame(FrameTypes.Op, "#dev", "carol"),
        ["deop with reason"] = new ModerationFrame(FrameTypes.Deop, "#dev", "carol", Reason: "stepped down"),
        ["mod event"] = new ModFrame(FrameTypes.Ban, "alice", "bob", Duration: 3600, Reason: "spam", Room: "#dev", Id: 60, Ts: Ts),
        ["mod event replay"] = new ModFrame(FrameTypes.Op, "alice", "carol", Room: "#dev", Id: 61, Ts: Ts, Replay: true),
        ["mod confirmation by address"] = new ModFrame(FrameTypes.Ban, "root", Address: "203.0.113.9", Reason: "flood"),
        ["mod confirmation bare"] = new ModFrame(FrameTypes.Unmute, "alice"),
        ["left kicked with note"] = new LeftFrame(62, Ts, "bob", LeaveReasons.Kicked, "#dev", By: "alice", Note: "spam 😀"),
        ["room with operators"] = new RoomFrame("#dev", "build talk", ["alice", "bob"], 57, "Zp2c", Truncated: false, Operators: ["alice", "dave"]),
        ["room with no operators listed"] = new RoomFrame("#dev", null, ["bob"], 57, "Zp2c", Truncated: true, Operators: []),
        ["error auth_failed"] = new ErrorFrame(ErrorCodes.AuthFailed, "Wrong name or password."),
        ["error not_permitted in a room"] = new ErrorFrame(ErrorCodes.NotPermitted, "You are muted in #dev.", "c-20", Room: "#dev"),
        ["history answer with moderation"] = new HistoryFrame(
            "#dev",
            Events:
            [
                new ModFrame(FrameTypes.Mute, "alice", "bob", Duration: 600, Room: "#dev", Id: 70, Ts: Ts),
                new LeftFrame(71, Ts, "bob", LeaveReasons.Kicked, "#dev", By: "alice", Note: "again"),
            ],
            More: false),
    };

    /// <summary>Every sample; declared after the three it joins, which initialise first.</summary>
    public static IReadOnlyDictionary<string, Frame> ByName { get; } = Version1.Concat(Version2).Concat(Accounts).ToDictionary();

    public static TheoryData<string> Names => [.. ByName.Keys];

    public static TheoryData<string> Version2Names => [.. Version2.Keys, .. Accounts.Keys];

    /// <summary>Every frame type of <see cref="FrameTypes"/> has a sample.</summary>
    public static IEnumerable<string> TypesCovered => ByName.Values.Select(f => f.Type).Distinct();

    /// <summary>Cursors in the order given: the order a writer keeps.</summary>
    public static Dictionary<string, RoomCursor> Cursors(params (string Room, RoomCursor Cursor)[] rooms)
    {
        var cursors = new Dictionary<string, RoomCursor>(RoomNameRules.Comparer);
        foreach (var (room, cursor) in rooms)
        {
            cursors.Add(room, cursor);
        }

        return cursors;
    }
}
