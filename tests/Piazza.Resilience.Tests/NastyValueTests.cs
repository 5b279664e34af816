using System.Net.Sockets;
using System.Text;
using Piazza.Resilience.Tests.Support;

namespace Piazza.Resilience.Tests;

/// <summary>
/// A table of nasty values, each sent by a real client to a real server. Each gets the documented
/// answer (docs/protocol.md §1, §3, §5 and §8), nothing of it reaches the observer unless the
/// contract says so, and the sender's connection stays open or closes as documented.
/// </summary>
public sealed class NastyValueTests(ITestOutputHelper output)
{
    /// <param name="Name">The row's name.</param>
    /// <param name="Bytes">What the client sends.</param>
    /// <param name="Joined">Sent after joining (true) or as a fresh connection's first bytes.</param>
    /// <param name="Error">The error code expected, or null for none.</param>
    /// <param name="Closes">Whether the server closes the connection.</param>
    /// <param name="Delivered">The text the observer must receive from the sender, or null for nothing.</param>
    public sealed record NastyValue(string Name, byte[] Bytes, bool Joined, string? Error, bool Closes = false, string? Delivered = null);

    private static readonly NastyValue[] Cases =
    [
        new("16 KiB without a newline", Repeat((byte)'a', ProtocolLimits.MaxClientFrameBytes), true, ErrorCodes.FrameTooLarge, Closes: true),
        new("a 1 MiB line", Line("{\"type\":\"say\",\"text\":\"" + new string('b', 1 << 20) + "\"}"), true, ErrorCodes.FrameTooLarge, Closes: true),
        new("a 16 KiB line before joining", Repeat((byte)'{', ProtocolLimits.MaxClientFrameBytes + 10), false, ErrorCodes.FrameTooLarge, Closes: true),
        new("invalid UTF-8 (0xFF 0xFE)", Bytes("{\"type\":\"say\",\"text\":\"", [0xFF, 0xFE], "\"}\n"), true, ErrorCodes.BadFrame),
        new("overlong '/' (0xC0 0xAF)", Bytes("{\"type\":\"say\",\"text\":\"", [0xC0, 0xAF], "\"}\n"), true, ErrorCodes.BadFrame),
        new("overlong NUL (0xE0 0x80 0x80)", Bytes("{\"type\":\"say\",\"text\":\"", [0xE0, 0x80, 0x80], "\"}\n"), true, ErrorCodes.BadFrame),
        new("an encoded surrogate (0xED 0xA0 0x80)", Bytes("{\"type\":\"say\",\"text\":\"", [0xED, 0xA0, 0x80], "\"}\n"), true, ErrorCodes.BadFrame),
        new("a lone surrogate escaped in JSON", Line("{\"type\":\"say\",\"text\":\"a\\ud800b\"}"), true, ErrorCodes.BadFrame),
        new("a lone low surrogate escaped in a username", Line("{\"type\":\"hello\",\"user\":\"a\\udc00\"}"), false, ErrorCodes.BadFrame),
        new("a raw NUL byte inside a JSON string", Bytes("{\"type\":\"say\",\"text\":\"a", [0x00], "b\"}\n"), true, ErrorCodes.BadFrame),
        new("an escaped NUL in the text", Line("{\"type\":\"say\",\"text\":\"a\\u0000b\"}"), true, ErrorCodes.InvalidText),
        new("an ESC sequence (clear screen)", Line("{\"type\":\"say\",\"text\":\"\\u001b[2J\\u001b[H gotcha\"}"), true, ErrorCodes.InvalidText),
        new("a C1 control (CSI)", Line("{\"type\":\"say\",\"text\":\"a\\u009bb\"}"), true, ErrorCodes.InvalidText),
        new("a bidi override (RLO)", Line("{\"type\":\"say\",\"text\":\"file\\u202Egnp.exe\"}"), true, ErrorCodes.InvalidText),
        new("a bidi isolate (FSI)", Line("{\"type\":\"say\",\"text\":\"a\\u2068b\"}"), true, ErrorCodes.InvalidText),
        new("a zero-width space in a username", Line("{\"type\":\"hello\",\"user\":\"ali\\u200bce\"}"), false, ErrorCodes.InvalidUsername),
        new("a zero-width joiner in a username", Line("{\"type\":\"hello\",\"user\":\"bob\\u200d\"}"), false, ErrorCodes.InvalidUsername),
        new("a BOM in front of a username", Line("{\"type\":\"hello\",\"user\":\"\\ufeffcarol\"}"), false, ErrorCodes.InvalidUsername),
        new("a look-alike Cyrillic username", Line("{\"type\":\"hello\",\"user\":\"\u0430dmin\"}"), false, ErrorCodes.InvalidUsername),
        new("a reserved username in another case", Line("{\"type\":\"hello\",\"user\":\"SeRvEr\"}"), false, ErrorCodes.InvalidUsername),
        new("JSON nested 17 deep", Line("{\"type\":\"say\",\"text\":\"x\",\"deep\":" + Nest(16) + "}"), true, ErrorCodes.BadFrame),
        new("JSON nested 5000 deep", Line("{\"type\":\"say\",\"text\":\"x\",\"deep\":" + Nest(5000) + "}"), true, ErrorCodes.BadFrame),
        new("JSON nested 15 deep in an ignored field", Line("{\"type\":\"say\",\"text\":\"nested ok\",\"deep\":" + Nest(14) + "}"), true, null, Delivered: "nested ok"),
        new("a duplicate text key", Line("{\"type\":\"say\",\"text\":\"one\",\"text\":\"two\"}"), true, ErrorCodes.BadFrame),
        new("a duplicate type key", Line("{\"type\":\"say\",\"type\":\"who\",\"text\":\"x\"}"), true, ErrorCodes.BadFrame),
        new("a huge protocol number", Line("{\"type\":\"hello\",\"user\":\"dave\",\"protocol\":1e400}"), false, ErrorCodes.BadFrame),
        new("a protocol number past 64 bits", Line("{\"type\":\"hello\",\"user\":\"dave\",\"protocol\":123456789012345678901234567890}"), false, ErrorCodes.BadFrame),
        new("a fractional protocol", Line("{\"type\":\"hello\",\"user\":\"dave\",\"protocol\":1.5}"), false, ErrorCodes.BadFrame),
        new("protocol 3", Line("{\"type\":\"hello\",\"user\":\"dave\",\"protocol\":3}"), false, ErrorCodes.UnsupportedProtocol),
        new("a huge number in an ignored field", Line("{\"type\":\"say\",\"text\":\"big ok\",\"id\":1e999,\"n\":-99999999999999999999999}"), true, null, Delivered: "big ok"),
        new("a spoofed from on say", Line("{\"type\":\"say\",\"text\":\"it was me\",\"from\":\"observer\"}"), true, null, Delivered: "it was me"),
        new("a forged message frame", Line("{\"type\":\"message\",\"id\":1,\"ts\":\"2026-11-25T20:00:00.000Z\",\"from\":\"observer\",\"text\":\"forged\"}"), true, ErrorCodes.UnknownType),
        new("a forged joined frame", Line("{\"type\":\"joined\",\"id\":1,\"ts\":\"2026-11-25T20:00:00.000Z\",\"user\":\"ghost\"}"), true, ErrorCodes.UnknownType),
        new("type is a number", Line("{\"type\":1,\"text\":\"x\"}"), true, ErrorCodes.BadFrame),
        new("type is true", Line("{\"type\":true,\"text\":\"x\"}"), true, ErrorCodes.BadFrame),
        new("type is null", Line("{\"type\":null,\"text\":\"x\"}"), true, ErrorCodes.BadFrame),
        new("type is an array", Line("{\"type\":[\"say\"],\"text\":\"x\"}"), true, ErrorCodes.BadFrame),
        new("type is an object", Line("{\"type\":{\"say\":1},\"text\":\"x\"}"), true, ErrorCodes.BadFrame),
        new("type is missing", Line("{\"text\":\"x\"}"), true, ErrorCodes.BadFrame),
        new("type is empty", Line("{\"type\":\"\",\"text\":\"x\"}"), true, ErrorCodes.UnknownType),
        new("type in capitals", Line("{\"type\":\"SAY\",\"text\":\"x\"}"), true, ErrorCodes.UnknownType),
        new("an unknown type before joining", Line("{\"type\":\"launch\"}"), false, ErrorCodes.NotJoined),
        new("a frame that is a JSON array", Line("[{\"type\":\"say\",\"text\":\"x\"}]"), true, ErrorCodes.BadFrame),
        new("a frame that is a JSON string", Line("\"say\""), true, ErrorCodes.BadFrame),
        new("two objects on one line", Line("{\"type\":\"ping\"}{\"type\":\"ping\"}"), true, ErrorCodes.BadFrame),
        new("a trailing comma", Line("{\"type\":\"say\",\"text\":\"x\",}"), true, ErrorCodes.BadFrame),
        new("a comment", Line("{\"type\":\"say\",/* hi */\"text\":\"x\"}"), true, ErrorCodes.BadFrame),
        new("text is a number", Line("{\"type\":\"say\",\"text\":42}"), true, ErrorCodes.BadFrame),
        new("a ref of 65 characters", Line("{\"type\":\"say\",\"text\":\"x\",\"ref\":\"" + new string('r', 65) + "\"}"), true, ErrorCodes.BadFrame),
        new("2001 characters", Line("{\"type\":\"say\",\"text\":\"" + new string('c', 2001) + "\"}"), true, ErrorCodes.MessageTooLong),
        new("2000 emoji (8000 bytes)", Line("{\"type\":\"say\",\"text\":\"" + string.Concat(Enumerable.Repeat("\ud83d\ude00", 2000)) + "\"}"), true, null, Delivered: string.Concat(Enumerable.Repeat("\ud83d\ude00", 2000))),
        new("only white space", Line("{\"type\":\"say\",\"text\":\" \\t\\n \\u3000\"}"), true, ErrorCodes.EmptyMessage),
        new("CRLF line ending", Line("{\"type\":\"say\",\"text\":\"crlf ok\"}\r"), true, null, Delivered: "crlf ok"),
    ];

    public static TheoryData<string> Names => [.. Cases.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public async Task A_nasty_value_gets_the_documented_answer(string name)
    {
        var row = Cases.Single(c => c.Name == name);
        await using var server = await TestServer.StartAsync();
        await using var observer = await Peer.JoinAsync(server.EndPoint, "observer");
        await using var sender = await Peer.ConnectAsync(server.EndPoint);
        if (row.Joined)
        {
            await sender.Client.JoinAsync("mallory");
            await observer.WaitForAsync<JoinedFrame>(j => j.User == "mallory");
        }

        try
        {
            await sender.Client.SendRawAsync(row.Bytes);
        }
        catch (SocketException) when (row.Closes)
        {
            // The server hung up before the whole megabyte was written: that is the point.
        }

        if (row.Error is { } code)
        {
            var error = await sender.WaitForAsync<ErrorFrame>();
            Assert.Equal(code, error.Code);
            Assert.False(string.IsNullOrWhiteSpace(error.Message), "the error has no sentence for people");
            Assert.Single(sender.Frames.OfType<ErrorFrame>());
        }

        if (row.Closes)
        {
            await sender.Client.Completion.WaitAsync(Eventually.DefaultTimeout, TestContext.Current.CancellationToken);
            if (row.Joined)
            {
                Assert.Equal(LeaveReasons.Error, (await observer.WaitForAsync<LeftFrame>(l => l.User == "mallory")).Reason);
            }
        }
        else
        {
            // Still open and served: a ping is answered after the nasty frame.
            await sender.Client.SendAsync(PingFrame.Instance);
            await sender.WaitForAsync<PongFrame>();
            Assert.False(sender.Client.Ended);
        }

        // A marker from the observer proves everything the server would relay has arrived.
        await observer.SayAsync("marker", "m");
        await observer.WaitForAsync<AckFrame>(a => a.Ref == "m");
        var relayed = observer.Frames.OfType<MessageFrame>().ToList();
        if (row.Delivered is { } text)
        {
            var message = Assert.Single(relayed);
            Assert.Equal(("mallory", text), (message.From, message.Text));
        }
        else
        {
            Assert.Empty(relayed);
        }

        Assert.Null(sender.Client.InvalidFrame);
        Assert.Empty(server.Logs.Problems);
        Figures.Report(output, "nasty value", $"{row.Name}: {row.Error ?? "delivered"}{(row.Closes ? ", connection closed" : ", connection kept")}");
    }

    private static byte[] Line(string json) => Encoding.UTF8.GetBytes(json + "\n");

    private static byte[] Bytes(string before, byte[] raw, string after) =>
        [.. Encoding.UTF8.GetBytes(before), .. raw, .. Encoding.UTF8.GetBytes(after)];

    private static byte[] Repeat(byte value, int count) => Enumerable.Repeat(value, count).ToArray();

    private static string Nest(int depth) => new string('[', depth) + new string(']', depth);
}
