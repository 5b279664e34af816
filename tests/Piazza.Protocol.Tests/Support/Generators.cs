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

    /// <summary>Flood-control rates: mostly not announced (0), else any non-negative finite number, fractions included.</summary>
    public static readonly Gen<double> Rate = Gen.Frequency<double>(
        (2, Gen.Const(0.0)),
        (2, Gen.Double[0, 1_000]),
        (1, Gen.OneOf(0.5, 0.25, 0.1, 1e-3, 1e-300, double.Epsilon, 1e300, double.MaxValue)),
        (1, Gen.Double.Where(d => double.IsFinite(d) && d >= 0)));

    public static readonly Gen<ServerLimits> Limits = Gen.Select(
        Gen.Int[0, int.MaxValue], Gen.Int[0, int.MaxValue], Gen.Long[0, long.MaxValue], Gen.Long[0, long.MaxValue], Rate, Rate,
        (text, frame, ping, timeout, burst, perSecond) => new ServerLimits(text, frame, ping, timeout, burst, perSecond));

    public static readonly Gen<List<string>> Names = Text.List[0, 8];

    /// <summary>Where a frame is addressed: a room, a person, or any text at all (the codec applies no name rules).</summary>
    public static readonly Gen<string> Room = Gen.Frequency<string>(
        (2, Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789-_.ABZ"].Array[1, 32].Select(cs => "#" + new string(cs))),
        (1, Gen.Char["abcxyzABC0189_-."].Array[1, 32].Select(cs => "@" + new string(cs))),
        (1, Gen.OneOf(RoomNameRules.DefaultRoom, "#dev", "@bob")),
        (2, Text));

    /// <summary>Mostly absent, as in every version 1 frame.</summary>
    public static readonly Gen<string?> OptionalRoom = Room.Null(0.5);

    /// <summary>A cursor's last id: the decoder takes none below zero.</summary>
    public static readonly Gen<long?> Since = Gen.Frequency<long>((1, Gen.Const(0L)), (3, Gen.Long[0, long.MaxValue]), (1, Gen.Const(long.MaxValue))).Nullable(0.3);

    public static readonly Gen<RoomCursor> Cursor = Gen.Select(Since, OptionalText, (since, epoch) => new RoomCursor(since, epoch));

    /// <summary>A hello's cursors: rooms named once each, as room names compare (case-insensitively).</summary>
    public static readonly Gen<Dictionary<string, RoomCursor>> Cursors = Gen.Select(Room, Cursor).Array[0, 6].Select(pairs =>
    {
        var cursors = new Dictionary<string, RoomCursor>(RoomNameRules.Comparer);
        foreach (var (room, cursor) in pairs)
        {
            cursors.TryAdd(room, cursor);
        }

        return cursors;
    });

    public static readonly Gen<RoomSummary> Summary = Gen.Select(Room, OptionalText, Gen.Int[0, int.MaxValue], (room, topic, members) => new RoomSummary(room, topic, members));

    public static readonly Gen<MessageFrame> Message = Gen.Select(Gen.Long, Ts, Text, Text, Gen.Bool, OptionalRoom,
        (id, ts, from, text, replay, room) => new MessageFrame(id, ts, from, text, replay, room));

    public static readonly Gen<JoinedFrame> Joined = Gen.Select(Gen.Long, Ts, Text, OptionalRoom, Gen.Bool,
        (id, ts, user, room, replay) => new JoinedFrame(id, ts, user, room, replay));

    public static readonly Gen<LeftFrame> Left = Gen.Select(Gen.Long, Ts, Text, Text, OptionalRoom, Gen.Bool, OptionalText, OptionalText,
        (id, ts, user, reason, room, replay, by, note) => new LeftFrame(id, ts, user, reason, room, replay, by, note));

    /// <summary>A moderation change as a room event (with an id) or as a confirmation (without).</summary>
    public static readonly Gen<ModFrame> Mod = Gen.Select(
        Gen.OneOf(FrameTypes.Ban, FrameTypes.Unban, FrameTypes.Mute, FrameTypes.Unmute, FrameTypes.Op, FrameTypes.Deop, "future"),
        Text, OptionalText, OptionalText, Gen.Long.Nullable(0.5), OptionalText, OptionalRoom, Gen.Select(Gen.Long.Nullable(0.3), Ts.Nullable(0.3), Gen.Bool),
        (action, by, user, address, duration, reason, room, when) => new ModFrame(action, by, user, address, duration, reason, room, when.Item1, when.Item2, when.Item3));

    /// <summary>The seven operator requests, each with the fields its type keeps.</summary>
    public static readonly Gen<ModerationFrame> Moderation = Gen.OneOf(
        Gen.Select(Gen.OneOf(FrameTypes.Kick, FrameTypes.Op, FrameTypes.Deop), Room, Text, OptionalText,
            (action, room, user, reason) => new ModerationFrame(action, room, user, Reason: reason)),
        Gen.Select(Gen.OneOf(FrameTypes.Ban, FrameTypes.Unban, FrameTypes.Mute, FrameTypes.Unmute), OptionalRoom, Text, Gen.Bool,
            Gen.Long[1, ProtocolLimits.MaxModerationSeconds].Nullable(0.4), OptionalText,
            (action, room, target, byAddress, duration, reason) => new ModerationFrame(
                action, room, byAddress ? null : target, byAddress ? target : null,
                action is FrameTypes.Ban or FrameTypes.Mute ? duration : null, reason)));

    /// <summary>A topic as a client sets it: room and topic only.</summary>
    public static readonly Gen<TopicFrame> TopicRequest = Gen.Select(Room, Text, (room, topic) => new TopicFrame(room, topic));

    /// <summary>A topic as the server announces it: a room event with an id, and mostly its time and setter.</summary>
    public static readonly Gen<TopicFrame> TopicEvent = Gen.Select(Room, Text, Gen.Long, Ts.Nullable(0.2), OptionalText, Gen.Bool,
        (room, topic, id, ts, user, replay) => new TopicFrame(room, topic, id, ts, user, replay));

    /// <summary>The events a history answer carries.</summary>
    public static readonly Gen<Frame> Event = Gen.OneOf<Frame>(
        Message.Select(f => (Frame)f), Joined.Select(f => (Frame)f), Left.Select(f => (Frame)f), TopicEvent.Select(f => (Frame)f),
        Gen.Select(Mod, Gen.Long, (mod, id) => (Frame)(mod with { Id = id })));

    /// <summary>The frames that are new in protocol version 2, with every optional field now and then.</summary>
    public static readonly Gen<Frame> Version2Frame = Gen.OneOf<Frame>(
        Gen.Select(Text, Gen.Int.Nullable(0.3), OptionalText, Gen.Long.Nullable(0.6), OptionalText, Cursors.Null(0.2), OptionalText, Gen.Bool.Nullable(0.5),
            (user, protocol, client, since, session, rooms, password, register) =>
                (Frame)new HelloFrame(user, protocol, client, since, session, rooms, password, register)),
        Gen.Select(Room, OptionalText, Names, Gen.Long, Text, Gen.Bool, Names.Null(0.5),
            (room, topic, users, lastId, epoch, truncated, operators) => (Frame)new RoomFrame(room, topic, users, lastId, epoch, truncated, operators)),
        Gen.Select(OptionalText, OptionalText, Gen.Bool.Nullable(0.5),
            (password, newPassword, changed) => (Frame)new PasswordFrame(password, newPassword, changed)),
        Moderation.Select(f => (Frame)f),
        Mod.Select(f => (Frame)f),
        Gen.Select(Text, Names, Text, Gen.Long, Limits, Text, Gen.Bool, Gen.Bool,
            (user, users, session, lastId, limits, server, account, admin) => (Frame)new WelcomeFrame(user, users, session, lastId, limits, server, account, admin)),
        Gen.Select(Room, Since, OptionalText, (room, since, epoch) => (Frame)new JoinFrame(room, since, epoch)),
        Room.Select(room => (Frame)new PartFrame(room)),
        TopicRequest.Select(f => (Frame)f),
        TopicEvent.Select(f => (Frame)f),
        Summary.List[0, 6].Null(0.3).Select(rooms => (Frame)new RoomsFrame(rooms)),
        Gen.Select(Room, Gen.Long.Nullable(0.5), Gen.Int.Nullable(0.5), Event.List[0, 5].Null(0.4), Gen.Bool.Nullable(0.4),
            (room, before, limit, events, more) => (Frame)new HistoryFrame(room, before, limit, events, more)));

    public static readonly Gen<Frame> Frame = Gen.OneOf<Frame>(
        Gen.Select(Text, Gen.Int.Nullable(0.3), OptionalText, Gen.Long.Nullable(0.3), OptionalText,
            (user, protocol, client, since, session) => (Frame)new HelloFrame(user, protocol, client, since, session)),
        Gen.Select(Text, Ref, OptionalRoom, (text, reference, room) => (Frame)new SayFrame(text, reference, room)),
        Gen.Select(OptionalText, Gen.Long, Ts, OptionalRoom, (reference, id, ts, room) => (Frame)new AckFrame(reference, id, ts, room)),
        Message.Select(f => (Frame)f),
        Joined.Select(f => (Frame)f),
        Left.Select(f => (Frame)f),
        Gen.Select(Text, Names, Text, Gen.Long, Limits, Text,
            (user, users, session, lastId, limits, server) => (Frame)new WelcomeFrame(user, users, session, lastId, limits, server)),
        Gen.Select(Text, Text, OptionalText, OptionalText, OptionalRoom,
            (code, message, reference, suggestion, room) => (Frame)new ErrorFrame(code, message, reference, suggestion, room)),
        Text.Select(message => (Frame)new ShutdownFrame(message)),
        Gen.Select(Names, OptionalRoom, (users, room) => (Frame)new UsersFrame(users, room)),
        OptionalRoom.Select(room => (Frame)new WhoFrame(room)),
        Gen.OneOf<Frame>(PingFrame.Instance, PongFrame.Instance, ByeFrame.Instance, WhoFrame.Instance),
        Version2Frame,
        Version2Frame);

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
