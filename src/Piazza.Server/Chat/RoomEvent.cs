using Piazza.Store;

namespace Piazza.Server.Chat;

/// <summary>
/// A committed room event on its way to members: the stored data and a lazy cache of its bytes,
/// one per wire format and view. The first recipient in a format pays for the encoding; every
/// other recipient gets the same array, so a broadcast allocates nothing per recipient.
/// </summary>
internal sealed class RoomEvent(StoredEvent data)
{
    /// <summary>Formats times views: the cache is sized for this many slots.</summary>
    private const int Views = 8;
    private const int Formats = 3;

    private byte[]?[]? _cache;

    public StoredEvent Data { get; } = data;

    public long Id => Data.Id;

    public EventKind Kind => Data.Kind;

    public string RoomKey => Data.Room;

    /// <summary>The bytes of this event in <paramref name="format"/>, encoded once per view.</summary>
    public byte[] Encoded(IEventFormat format, EventView view)
    {
        var slot = (format.Slot * Views) + (int)view;
        var cache = _cache ?? Interlocked.CompareExchange(ref _cache, new byte[]?[Formats * Views], null) ?? _cache!;
        // Two recipients may encode at once; both results are equal, and either may be kept.
        return cache[slot] ??= format.Encode(this, view);
    }
}
