namespace Piazza.Protocol.Tests.Support;

/// <summary>One or more frames of every type, with the fields that matter filled in differently.</summary>
internal static class SampleFrames
{
    public static readonly DateTimeOffset Ts = new(2026, 11, 25, 20, 0, 2, TimeSpan.Zero);

    public static IReadOnlyDictionary<string, Frame> ByName { get; } = new Dictionary<string, Frame>
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

    public static TheoryData<string> Names => [.. ByName.Keys];

    /// <summary>Every frame type of <see cref="FrameTypes"/> has a sample.</summary>
    public static IEnumerable<string> TypesCovered => ByName.Values.Select(f => f.Type).Distinct();
}
