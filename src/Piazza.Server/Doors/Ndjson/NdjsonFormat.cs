using Piazza.Protocol;
using Piazza.Server.Chat;
using Piazza.Store;

namespace Piazza.Server.Doors.Ndjson;

/// <summary>Room events as the NDJSON protocol's frames (docs/protocol.md §3, §7-§9).</summary>
internal sealed class NdjsonFormat : IEventFormat
{
    public static readonly NdjsonFormat Instance = new();

    private NdjsonFormat()
    {
    }

    public int Slot => 0;

    public byte[] Encode(RoomEvent roomEvent, EventView view) => FrameWriter.ToBytes(ToFrame(roomEvent, view));

    /// <summary>The frame of a room event as <paramref name="view"/> sees it.</summary>
    public static Frame ToFrame(RoomEvent roomEvent, EventView view)
    {
        var data = roomEvent.Data;
        var room = RoomName(data.Room, view);
        var replay = (view & EventView.Replay) != 0;
        return data.Kind switch
        {
            EventKind.Message => new MessageFrame(data.Id, data.Ts, data.User, data.Text ?? "", replay, room),
            EventKind.Joined => new JoinedFrame(data.Id, data.Ts, data.User, room, replay),
            EventKind.Left => new LeftFrame(data.Id, data.Ts, data.User, data.Reason ?? LeaveReasons.Lost, room, replay, data.By, data.Text),
            EventKind.Topic => new TopicFrame(room, data.Text ?? "", data.Id, data.Ts, data.User, replay),
            EventKind.Ban or EventKind.Unban or EventKind.Mute or EventKind.Unmute or EventKind.Op or EventKind.Deop =>
                new ModFrame(Action(data.Kind), data.By ?? "", data.User, Duration: data.Duration, Reason: data.Text, Room: room, Id: data.Id, Ts: data.Ts, Replay: replay),
            _ => throw new InvalidOperationException($"No frame for a {data.Kind} event."),
        };
    }

    private static string Action(EventKind kind) => kind switch
    {
        EventKind.Ban => FrameTypes.Ban,
        EventKind.Unban => FrameTypes.Unban,
        EventKind.Mute => FrameTypes.Mute,
        EventKind.Unmute => FrameTypes.Unmute,
        EventKind.Op => FrameTypes.Op,
        _ => FrameTypes.Deop,
    };

    /// <summary>The name a viewer knows a room by: the room's own, or <c>@</c> and the other person.</summary>
    public static string RoomName(string key, EventView view) =>
        DirectKey.TryParse(key, out var first, out var second)
            ? DirectKey.AddressFor(first!, second!, viewerIsSecond: (view & EventView.Second) != 0)
            : key;
}
