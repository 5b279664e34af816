using System.Text;
using CsCheck;

namespace Piazza.Protocol.Tests.Support;

/// <summary>Random frames, texts and byte streams for the property tests.</summary>
internal static class Generators
{
    /// <summary>
    /// Unicode scalars from every plane, weighted toward what stresses a JSON codec: quotes,
    /// backslashes, control characters, separators, invisible and non-BMP characters.
    /// </summary>
    public static readonly Gen<Rune> Scalar = Gen.Frequency<Rune>(
        (6, Gen.Int[0x20, 0x7E].Select(i => new Rune(i))),
        (2, Gen.OneOf('"', '\\', '/', '\n', '\r', '\t', '\b', '\f', '\0').Select(c => new Rune(c))),
        (2, Gen.Int[0x00, 0x1F].Select(i => new Rune(i))),
        (1, Gen.Int[0x7F, 0x9F].Select(i => new Rune(i))),
        (3, Gen.Int[0xA0, 0xD7FF].Select(i => new Rune(i))),
        (2, Gen.Int[0xE000, 0xFFFF].Select(i => new Rune(i))),
        (3, Gen.Int[0x10000, 0x10FFFF].Select(i => new Rune(i))),
        (1, Gen.OneOf(0x2028, 0x2029, 0x202E, 0x2066, 0x200B, 0x200D, 0xFEFF, 0xFFFD, 0x1F600, 0x1F469, 0xE0001).Select(i => new Rune(i))));

    public static readonly Gen<string> Text = Scalar.Array[0, 40].Select(Concat);

    public static readonly Gen<string?> OptionalText = Text.Null(0.25);

    /// <summary>A say's ref: at most 64 UTF-16 units, or the decoder refuses the frame.</summary>
    public static readonly Gen<string?> Ref = Scalar.Array[0, 20].Select(Concat).Where(r => r.Length <= ProtocolLimits.MaxRefLength).Null(0.25);

    /// <summary>Instants from year 1 to 9999 at millisecond precision (what the wire carries), at any offset.</summary>
    public static readonly Gen<DateTimeOffset> Ts = Gen.Select(
        Gen.Long[DateTimeOffset.MinValue.ToUnixTimeMilliseconds() + 86_400_000, DateTimeOffset.MaxValue.ToUnixTimeMilliseconds() - 86_400_000],
        Gen.Int[-14 * 60, 14 * 60],
        (ms, offset) => DateTimeOffset.FromUnixTimeMilliseconds(ms).ToOffset(TimeSpan.FromMinutes(offset)));

    public static readonly Gen<ServerLimits> Limits = Gen.Select(
        Gen.Int[0, int.MaxValue], Gen.Int[0, int.MaxValue], Gen.Long[0, long.MaxValue], Gen.Long[0, long.MaxValue],
        (text, frame, ping, timeout) => new ServerLimits(text, frame, ping, timeout));

    public static readonly Gen<List<string>> Names = Text.List[0, 8];

    public static readonly Gen<Frame> Frame = Gen.OneOf<Frame>(
        Gen.Select(Text, Gen.Int.Nullable(0.3), OptionalText, Gen.Long.Nullable(0.3), OptionalText,
            (user, protocol, client, since, session) => (Frame)new HelloFrame(user, protocol, client, since, session)),
        Gen.Select(Text, Ref, (text, reference) => (Frame)new SayFrame(text, reference)),
        Gen.Select(OptionalText, Gen.Long, Ts, (reference, id, ts) => (Frame)new AckFrame(reference, id, ts)),
        Gen.Select(Gen.Long, Ts, Text, Text, Gen.Bool, (id, ts, from, text, replay) => (Frame)new MessageFrame(id, ts, from, text, replay)),
        Gen.Select(Gen.Long, Ts, Text, (id, ts, user) => (Frame)new JoinedFrame(id, ts, user)),
        Gen.Select(Gen.Long, Ts, Text, Text, (id, ts, user, reason) => (Frame)new LeftFrame(id, ts, user, reason)),
        Gen.Select(Text, Names, Text, Gen.Long, Limits, Text,
            (user, users, session, lastId, limits, server) => (Frame)new WelcomeFrame(user, users, session, lastId, limits, server)),
        Gen.Select(Text, Text, OptionalText, OptionalText, (code, message, reference, suggestion) => (Frame)new ErrorFrame(code, message, reference, suggestion)),
        Text.Select(message => (Frame)new ShutdownFrame(message)),
        Names.Select(users => (Frame)new UsersFrame(users)),
        Gen.OneOf<Frame>(PingFrame.Instance, PongFrame.Instance, ByeFrame.Instance, WhoFrame.Instance));

    /// <summary>Chunk sizes, cycled over a stream; zero means an empty read.</summary>
    public static readonly Gen<int[]> ChunkSizes = Gen.Frequency<int>((1, Gen.Const(0)), (6, Gen.Int[1, 8]), (3, Gen.Int[9, 300])).Array[1, 30];

    // Declared before Soup, which reads it while the class initialises.
    private static readonly byte[][] Fragments =
    [
        .. new[]
        {
            "{", "}", "[", "]", "\"", ":", ",", "\\", "\\u", "\\ud800", "\\ude00", "\\n", "\n", "\r", "\r\n", " ", "\t", "null",
            "true", "1", "-", "1e400", "99999999999999999999", "0.5", "\"type\"", "\"say\"", "\"ping\"", "\"text\"", "\"ref\"",
            "\"users\"", "\"limits\"", "\"id\"", "\"ts\"", "\"2026-11-25T20:00:02.000Z\"", "{\"type\":\"ping\"}\n",
            "{\"type\":\"say\",\"text\":\"", "😀", "é", "€",
        }.Select(Encoding.UTF8.GetBytes),
        [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF0, 0x9F], [0xFF], [0x80], [0x00],
    ];

    /// <summary>Byte soup: random bytes, JSON-ish fragments, and valid frames with bytes flipped, dropped or added.</summary>
    public static readonly Gen<byte[]> Soup = Gen.OneOf<byte[]>(
        Gen.Byte.Array[0, 300],
        Gen.OneOf(Fragments).Array[0, 40].Select(parts => parts.SelectMany(p => p).ToArray()),
        Gen.Select(Frame.Array[1, 4], Gen.Int.Array[1, 8], Gen.Byte.Array[8], Mutate));

    private static string Concat(Rune[] runes)
    {
        var builder = new StringBuilder(runes.Length * 2);
        foreach (var rune in runes)
        {
            builder.Append(rune.ToString());
        }

        return builder.ToString();
    }

    private static byte[] Mutate(Frame[] frames, int[] positions, byte[] values)
    {
        var bytes = new List<byte>(Wire.Stream(frames));
        for (var i = 0; i < positions.Length && bytes.Count > 0; i++)
        {
            var at = (int)((uint)positions[i] % (uint)bytes.Count);
            var value = values[i % values.Length];
            switch (i % 3)
            {
                case 0: bytes[at] = value; break;
                case 1: bytes.RemoveAt(at); break;
                default: bytes.Insert(at, value); break;
            }
        }

        return [.. bytes];
    }
}
