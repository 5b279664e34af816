namespace Piazza.Server.Chat;

/// <summary>A wire format a door speaks: how one room event looks in it. Doors implement it; the domain only calls it through <see cref="RoomEvent.Encoded"/>.</summary>
internal interface IEventFormat
{
    /// <summary>A small number, unique per format, that picks the event's cache slots.</summary>
    int Slot { get; }

    /// <summary>Encodes <paramref name="roomEvent"/> as <paramref name="view"/> asks.</summary>
    byte[] Encode(RoomEvent roomEvent, EventView view);
}
