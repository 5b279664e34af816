namespace Piazza.Server.Doors.Irc;

/// <summary>The IRCv3 capabilities the door implements, each of them for real.</summary>
[Flags]
internal enum IrcCaps
{
    None = 0,
    ServerTime = 1 << 0,
    MessageTags = 1 << 1,
    EchoMessage = 1 << 2,
    LabeledResponse = 1 << 3,
    Batch = 1 << 4,
    ChatHistory = 1 << 5,
    Sasl = 1 << 6,
    CapNotify = 1 << 7,
    MultiPrefix = 1 << 8,
    AwayNotify = 1 << 9,
    UserhostInNames = 1 << 10,
    Setname = 1 << 11,
    ExtendedMonitor = 1 << 12,
}

/// <summary>Capability names and values as <c>CAP LS</c> offers them.</summary>
internal static class IrcCapNames
{
    /// <summary>Every capability offered, by name.</summary>
    public static readonly IReadOnlyList<(string Name, IrcCaps Cap)> All =
    [
        ("away-notify", IrcCaps.AwayNotify),
        ("batch", IrcCaps.Batch),
        ("cap-notify", IrcCaps.CapNotify),
        ("draft/chathistory", IrcCaps.ChatHistory),
        ("echo-message", IrcCaps.EchoMessage),
        ("extended-monitor", IrcCaps.ExtendedMonitor),
        ("labeled-response", IrcCaps.LabeledResponse),
        ("message-tags", IrcCaps.MessageTags),
        ("multi-prefix", IrcCaps.MultiPrefix),
        ("sasl", IrcCaps.Sasl),
        ("server-time", IrcCaps.ServerTime),
        ("setname", IrcCaps.Setname),
        ("userhost-in-names", IrcCaps.UserhostInNames),
    ];

    /// <summary>The capability called <paramref name="name"/>, or None.</summary>
    public static IrcCaps Find(string name)
    {
        foreach (var (n, cap) in All)
        {
            if (n == name)
            {
                return cap;
            }
        }

        return IrcCaps.None;
    }

    /// <summary>The name as <c>CAP LS 302</c> gives it, with its value where it has one.</summary>
    public static string Offer(string name, int version) =>
        version >= 302 && name == "sasl" ? "sasl=PLAIN" : name;
}
