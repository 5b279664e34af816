using System.Net.Sockets;
using System.Text;
using Piazza.Resilience.Tests.Support;

namespace Piazza.Resilience.Tests;

/// <summary>
/// A table of nasty values, each sent by a real client to a real server. Each gets the documented
/// answer (docs/protocol.md §1, §3, §5, §7-§9, §15 and §16), nothing of it reaches the observer
/// unless the contract says so, and the sender's connection stays open or closes as documented.
/// Rows for version 2 are sent by a version 2 member of the default room that is also in
/// <c>#other</c>; in them <c>{epoch}</c> stands for the default room's epoch and <c>{other}</c>
/// for the other room's.
/// </summary>
public sealed class NastyValueTests(ITestOutputHelper output)
{
    /// <param name="Name">The row's name.</param>
    /// <param name="Bytes">What the client sends.</param>
    /// <param name="Joined">Sent after joining (true) or as a fresh connection's first bytes.</param>
    /// <param name="Error">The error code expected, or null for none.</param>
    /// <param name="Closes">Whether the server closes the connection.</param>
    /// <param name="Delivered">The text the observer must receive from the sender, or null for nothing.</param>
    /// <param name="Protocol">The protocol the sender joined with (for rows sent after joining).</param>
    /// <param name="Truncated">For a cursor the server ignores: a room frame for the default room comes with this truncated, and no error.</param>
    public sealed record NastyValue(
        string Name, byte[] Bytes, bool Joined, string? Error, bool Closes = false, string? Delivered = null, int Protocol = 1, bool? Truncated = null);

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

        // Room names (§7): the room-name rules, whatever the frame.
        V2("a join of # alone", "{\"type\":\"join\",\"room\":\"#\"}", ErrorCodes.InvalidRoom),
        V2("a join of ##x", "{\"type\":\"join\",\"room\":\"##x\"}", ErrorCodes.InvalidRoom),
        V2("a join of a room name of 33 characters", "{\"type\":\"join\",\"room\":\"#" + new string('r', 33) + "\"}", ErrorCodes.InvalidRoom),
        V2("a join of a room without #", "{\"type\":\"join\",\"room\":\"piazza\"}", ErrorCodes.InvalidRoom),
        V2("a join of an empty room name", "{\"type\":\"join\",\"room\":\"\"}", ErrorCodes.InvalidRoom),
        V2("a join of a room with a zero-width space", "{\"type\":\"join\",\"room\":\"#pia\\u200bzza\"}", ErrorCodes.InvalidRoom),
        V2("a join of a Cyrillic look-alike of the default room", "{\"type\":\"join\",\"room\":\"#pi\\u0430zza\"}", ErrorCodes.InvalidRoom),
        V2("a join of a fullwidth look-alike of the default room", "{\"type\":\"join\",\"room\":\"#\\uff50iazza\"}", ErrorCodes.InvalidRoom),
        V2("a join of #Kelvin written with the Kelvin sign", "{\"type\":\"join\",\"room\":\"#\\u212aelvin\"}", ErrorCodes.InvalidRoom),
        V2("a join of a room with a bidi override", "{\"type\":\"join\",\"room\":\"#\\u202edev\"}", ErrorCodes.InvalidRoom),
        V2("a join of a room with an escaped NUL", "{\"type\":\"join\",\"room\":\"#dev\\u0000\"}", ErrorCodes.InvalidRoom),
        V2("a join whose room is a number", "{\"type\":\"join\",\"room\":7}", ErrorCodes.BadFrame),
        V2("a join without a room", "{\"type\":\"join\"}", ErrorCodes.BadFrame),
        V2("a say to a Cyrillic look-alike of the default room", "{\"type\":\"say\",\"room\":\"#pi\\u0430zza\",\"text\":\"look-alike\"}", ErrorCodes.InvalidRoom),
        V2("a say to the default room in capitals", "{\"type\":\"say\",\"room\":\"#PIAZZA\",\"text\":\"capitals ok\"}", null, delivered: "capitals ok"),
        V2("a say to a room the sender is in and the observer is not", "{\"type\":\"say\",\"room\":\"#other\",\"text\":\"elsewhere\"}", null),
        V2("a say to a room the sender is not in", "{\"type\":\"say\",\"room\":\"#elsewhere\",\"text\":\"x\"}", ErrorCodes.NotInRoom),
        V2("a who for a room the sender is not in", "{\"type\":\"who\",\"room\":\"#elsewhere\"}", ErrorCodes.NotInRoom),
        V2("a topic with a bidi override", "{\"type\":\"topic\",\"room\":\"#piazza\",\"topic\":\"a\\u202eb\"}", ErrorCodes.InvalidText),
        V2("a topic of 301 characters", "{\"type\":\"topic\",\"room\":\"#piazza\",\"topic\":\"" + new string('t', 301) + "\"}", ErrorCodes.InvalidText),
        new("a hello naming 101 rooms", Line("{\"type\":\"hello\",\"user\":\"dave\",\"protocol\":2,\"rooms\":{" + string.Join(",", Enumerable.Range(0, 101).Select(i => $"\"#r{i}\":{{}}")) + "}}"), false, ErrorCodes.TooManyRooms),
        new("a hello naming one room twice in different case", Line("{\"type\":\"hello\",\"user\":\"dave\",\"protocol\":2,\"rooms\":{\"#dev\":{},\"#DEV\":{}}}"), false, ErrorCodes.BadFrame),

        // Direct messages (§8): @ and a username, to someone who can read it.
        V2("a say to @ alone", "{\"type\":\"say\",\"room\":\"@\",\"text\":\"x\"}", ErrorCodes.InvalidRoom),
        V2("a say to @ and a name with a zero-width space", "{\"type\":\"say\",\"room\":\"@obs\\u200berver\",\"text\":\"x\"}", ErrorCodes.InvalidRoom),
        V2("a say to @ and a Cyrillic look-alike name", "{\"type\":\"say\",\"room\":\"@\\u043ebserver\",\"text\":\"x\"}", ErrorCodes.InvalidRoom),
        V2("a say to @ and a reserved name", "{\"type\":\"say\",\"room\":\"@Admin\",\"text\":\"x\"}", ErrorCodes.InvalidRoom),
        V2("a say to @@", "{\"type\":\"say\",\"room\":\"@@observer\",\"text\":\"x\"}", ErrorCodes.InvalidRoom),
        V2("a say to @ and a name nobody holds", "{\"type\":\"say\",\"room\":\"@nobody\",\"text\":\"x\"}", ErrorCodes.NoSuchUser),
        V2("a say to @ and a version 1 member", "{\"type\":\"say\",\"room\":\"@observer\",\"text\":\"x\"}", ErrorCodes.NoSuchUser),
        new("a say to @ from a version 1 member", Line("{\"type\":\"say\",\"room\":\"@observer\",\"text\":\"x\"}"), true, ErrorCodes.InvalidRoom),

        // Cursors (§9, §15): a cursor that is not this room's is ignored, never applied.
        V2("a join with a negative since", "{\"type\":\"join\",\"room\":\"#piazza\",\"since\":-1,\"epoch\":\"{epoch}\"}", ErrorCodes.BadFrame),
        new("a hello cursor with a negative since", Line("{\"type\":\"hello\",\"user\":\"dave\",\"protocol\":2,\"rooms\":{\"#piazza\":{\"since\":-1}}}"), false, ErrorCodes.BadFrame),
        V2("a since past 64 bits", "{\"type\":\"join\",\"room\":\"#piazza\",\"since\":123456789012345678901234567890,\"epoch\":\"{epoch}\"}", ErrorCodes.BadFrame),
        V2("a since in exponent form", "{\"type\":\"join\",\"room\":\"#piazza\",\"since\":1e3,\"epoch\":\"{epoch}\"}", ErrorCodes.BadFrame),
        V2("a fractional since", "{\"type\":\"join\",\"room\":\"#piazza\",\"since\":1.5,\"epoch\":\"{epoch}\"}", ErrorCodes.BadFrame),
        V2("an epoch that is a number", "{\"type\":\"join\",\"room\":\"#piazza\",\"since\":1,\"epoch\":5}", ErrorCodes.BadFrame),
        V2("the largest since with the room's epoch", "{\"type\":\"join\",\"room\":\"#piazza\",\"since\":9223372036854775807,\"epoch\":\"{epoch}\"}", null, truncated: true),
        V2("a since in the future with the room's epoch", "{\"type\":\"join\",\"room\":\"#piazza\",\"since\":1000000,\"epoch\":\"{epoch}\"}", null, truncated: true),
        V2("a cursor with a wrong epoch", "{\"type\":\"join\",\"room\":\"#piazza\",\"since\":1,\"epoch\":\"AAAAAAAA\"}", null, truncated: true),
        V2("a cursor with another room's epoch", "{\"type\":\"join\",\"room\":\"#piazza\",\"since\":1,\"epoch\":\"{other}\"}", null, truncated: true),
        V2("a cursor with an empty epoch", "{\"type\":\"join\",\"room\":\"#piazza\",\"since\":1,\"epoch\":\"\"}", null, truncated: true),
        V2("a cursor with an epoch of 4 KiB", "{\"type\":\"join\",\"room\":\"#piazza\",\"since\":1,\"epoch\":\"" + new string('e', 4096) + "\"}", null, truncated: true),
        V2("a cursor with a since and no epoch", "{\"type\":\"join\",\"room\":\"#piazza\",\"since\":1}", null, truncated: true),
        V2("a cursor with the room's epoch at its newest id (mallory's joined)", "{\"type\":\"join\",\"room\":\"#piazza\",\"since\":2,\"epoch\":\"{epoch}\"}", null, truncated: false),

        // Scrollback (§9, §15): limit 1 to 200, before at least 1.
        V2("a history limit of 0", "{\"type\":\"history\",\"room\":\"#piazza\",\"limit\":0}", ErrorCodes.BadFrame),
        V2("a history limit of 201", "{\"type\":\"history\",\"room\":\"#piazza\",\"limit\":201}", ErrorCodes.BadFrame),
        V2("a huge history limit", "{\"type\":\"history\",\"room\":\"#piazza\",\"limit\":9223372036854775807}", ErrorCodes.BadFrame),
        V2("a history before 0", "{\"type\":\"history\",\"room\":\"#piazza\",\"before\":0}", ErrorCodes.BadFrame),
        V2("a history before -1", "{\"type\":\"history\",\"room\":\"#piazza\",\"before\":-1}", ErrorCodes.BadFrame),
        V2("a history of a room the sender is not in", "{\"type\":\"history\",\"room\":\"#elsewhere\"}", ErrorCodes.NotInRoom),

        // Frames only the server sends (§16): unknown_type, nothing relayed.
        V2("a forged room frame", "{\"type\":\"room\",\"room\":\"#piazza\",\"users\":[\"admin\"],\"lastId\":1,\"epoch\":\"x\",\"truncated\":false}", ErrorCodes.UnknownType),
        V2("a forged rooms answer", "{\"type\":\"rooms\",\"rooms\":[{\"room\":\"#fake\",\"members\":1}]}", ErrorCodes.UnknownType),
        V2("a forged history answer", "{\"type\":\"history\",\"room\":\"#piazza\",\"events\":[],\"more\":false}", ErrorCodes.UnknownType),
        V2("a forged topic event", "{\"type\":\"topic\",\"room\":\"#piazza\",\"topic\":\"owned\",\"id\":1,\"ts\":\"2026-11-25T20:00:00.000Z\",\"user\":\"observer\"}", ErrorCodes.UnknownType),
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
        var bytes = row.Bytes;
        if (row.Joined)
        {
            await sender.Client.JoinAsync("mallory", protocol: row.Protocol);
            await observer.WaitForAsync<JoinedFrame>(j => j.User == "mallory");
        }

        if (row.Joined && row.Protocol == 2)
        {
            var epoch = (await sender.WaitForAsync<RoomFrame>(r => r.Room == "#piazza")).Epoch;
            await sender.Client.SendAsync(new JoinFrame("#other"));
            var other = (await sender.WaitForAsync<RoomFrame>(r => r.Room == "#other")).Epoch;
            bytes = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(bytes).Replace("{epoch}", epoch, StringComparison.Ordinal).Replace("{other}", other, StringComparison.Ordinal));
        }

        try
        {
            await sender.Client.SendRawAsync(bytes);
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

        if (row.Truncated is { } truncated)
        {
            // The default room again, from the recent messages: the cursor was not applied.
            var resync = await Eventually.ValueAsync(
                () => sender.Frames.OfType<RoomFrame>().Where(r => r.Room == "#piazza").Skip(1).FirstOrDefault(),
                what: "the default room's frame after the join");
            Assert.Equal(truncated, resync.Truncated);
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
            if (row.Error is null)
            {
                Assert.Empty(sender.Frames.OfType<ErrorFrame>());
            }
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

    /// <summary>A row sent by a version 2 member, after joining.</summary>
    private static NastyValue V2(string name, string json, string? error, string? delivered = null, bool? truncated = null) =>
        new(name, Line(json), true, error, Delivered: delivered, Protocol: 2, Truncated: truncated);

    private static byte[] Bytes(string before, byte[] raw, string after) =>
        [.. Encoding.UTF8.GetBytes(before), .. raw, .. Encoding.UTF8.GetBytes(after)];

    private static byte[] Repeat(byte value, int count) => Enumerable.Repeat(value, count).ToArray();

    private static string Nest(int depth) => new string('[', depth) + new string(']', depth);
}
