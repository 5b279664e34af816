using Piazza.Protocol;
using Piazza.Store;

namespace Piazza.Server.Chat;

/// <summary>
/// History by range, for doors whose clients ask by position and time rather than page by page
/// (IRC's CHATHISTORY): messages between two ids, from either end, and the id at a time.
/// </summary>
internal sealed partial class ChatHub
{
    /// <summary>Reads are made in slices of this many events while messages are picked out of joins and leaves.</summary>
    private const int RangeSlice = 200;

    /// <summary>
    /// The messages (no joins, leaves or topics) of a room the session is in, or of a conversation
    /// of its own, with ids strictly between <paramref name="after"/> and <paramref name="before"/>:
    /// at most <paramref name="limit"/>, taken from the oldest or the newest end, oldest first.
    /// </summary>
    public async Task<(HistoryPage? Page, ChatRefusal? Refusal)> MessagesBetweenAsync(
        ChatSession session, string address, long after, long before, int limit, ReadFrom from)
    {
        var (room, key, refusal) = await HistoryRoomAsync(session, address);
        if (refusal is not null)
        {
            return (null, refusal);
        }

        if (room is null || limit < 1 || before <= after + 1)
        {
            return (new HistoryPage(EventView.Live, [], false), null);
        }

        try
        {
            var picked = new List<StoredEvent>();
            long low = after, high = before;
            var reads = 0;
            while (picked.Count < limit && high > low + 1 && reads++ < 50)
            {
                var slice = await Store.ReadAsync(key, low, high, RangeSlice, from);
                if (slice.Count == 0)
                {
                    break;
                }

                var messages = slice.Where(e => e.Kind == EventKind.Message);
                picked.AddRange(from == ReadFrom.Oldest ? messages : messages.Reverse());
                if (from == ReadFrom.Oldest)
                {
                    low = slice[^1].Id;
                }
                else
                {
                    high = slice[0].Id;
                }

                if (slice.Count < RangeSlice)
                {
                    break;
                }
            }

            var chosen = picked.Take(limit).ToList();
            if (from == ReadFrom.Newest)
            {
                chosen.Reverse();
            }

            return (new HistoryPage(room.ViewOf(session), [.. chosen.Select(e => new RoomEvent(e))], picked.Count > limit), null);
        }
        catch (StoreUnavailableException ex)
        {
            Logger.StoreRefused(key, ex.Message);
            return (null, new ChatRefusal(ChatError.StoreUnavailable, "The history cannot be read right now; try again in a moment."));
        }
    }

    /// <summary>
    /// The first id of a room or conversation whose event is later than <paramref name="time"/>
    /// (or not earlier, with <paramref name="inclusive"/>); one past the newest when none is.
    /// Ids and times rise together, so a binary search over the ids finds it.
    /// </summary>
    public async Task<(long? Id, ChatRefusal? Refusal)> IdAtTimeAsync(ChatSession session, string address, DateTimeOffset time, bool inclusive)
    {
        var (room, key, refusal) = await HistoryRoomAsync(session, address);
        if (refusal is not null)
        {
            return (null, refusal);
        }

        if (room is null)
        {
            return (1, null);
        }

        try
        {
            var newest = await Store.ReadAsync(key, 0, long.MaxValue, 1, ReadFrom.Newest);
            if (newest.Count == 0)
            {
                return (1, null);
            }

            long low = 1, high = newest[0].Id + 1;
            while (low < high)
            {
                var middle = low + ((high - low) / 2);
                var found = await Store.ReadAsync(key, middle - 1, long.MaxValue, 1, ReadFrom.Oldest);
                if (found.Count == 0)
                {
                    high = middle;
                    continue;
                }

                var ts = found[0].Ts;
                var early = inclusive ? ts < time : ts <= time;
                if (early)
                {
                    low = found[0].Id + 1;
                }
                else
                {
                    high = middle;
                }
            }

            return (low, null);
        }
        catch (StoreUnavailableException ex)
        {
            Logger.StoreRefused(key, ex.Message);
            return (null, new ChatRefusal(ChatError.StoreUnavailable, "The history cannot be read right now; try again in a moment."));
        }
    }

    /// <summary>
    /// The rooms the session is in, and the direct conversations of its own, whose newest message
    /// was sent strictly between <paramref name="after"/> and <paramref name="before"/>: the
    /// address (a room key, or <c>@</c> and the other person) and that message's time, oldest
    /// first, at most <paramref name="limit"/>. Conversations are those the store lists as active
    /// after <paramref name="after"/> (at most <see cref="ProtocolLimits.MaxHistoryLimit"/>).
    /// </summary>
    public async Task<(IReadOnlyList<(string Address, DateTimeOffset Latest)>? Targets, ChatRefusal? Refusal)> TargetsAsync(
        ChatSession session, DateTimeOffset after, DateTimeOffset before, int limit)
    {
        var addresses = new List<string>(session.RoomKeys());
        try
        {
            foreach (var key in await Accounts.Store.ListConversationsAsync(session.Name, after, ProtocolLimits.MaxHistoryLimit))
            {
                if (DirectKey.TryParse(key, out var first, out var second))
                {
                    addresses.Add(DirectKey.AddressFor(first!, second!, viewerIsSecond: session.Key == second && first != second));
                }
            }
        }
        catch (StoreUnavailableException ex)
        {
            Logger.StoreRefused(session.Key, ex.Message);
            return (null, new ChatRefusal(ChatError.StoreUnavailable, "The history cannot be read right now; try again in a moment."));
        }

        var found = new List<(string Address, DateTimeOffset Latest)>();
        foreach (var address in addresses)
        {
            var (page, refusal) = await MessagesBetweenAsync(session, address, 0, long.MaxValue, 1, ReadFrom.Newest);
            if (refusal is { Error: ChatError.StoreUnavailable })
            {
                return (null, refusal);
            }

            // A room left meanwhile is no target; one whose newest message is outside the span is none either.
            if (page is { Events: [var newest] } && newest.Data.Ts > after && newest.Data.Ts < before)
            {
                found.Add((address, newest.Data.Ts));
            }
        }

        return ([.. found.OrderBy(t => t.Latest).ThenBy(t => t.Address, StringComparer.Ordinal).Take(limit)], null);
    }

    /// <summary>The room whose history the session may read: one it is in, or a conversation of its own (null when that has none yet).</summary>
    private async Task<(Room? Room, string Key, ChatRefusal? Refusal)> HistoryRoomAsync(ChatSession session, string address)
    {
        if (Resolve(session, address, out var key) is { } invalid)
        {
            return (null, key, invalid);
        }

        if (!key.StartsWith('@'))
        {
            var room = session.Find(key)?.Room;
            return room is null ? (null, key, ChatRefusals.NotInRoom(key)) : (room, key, null);
        }

        try
        {
            return (await _rooms.FindAsync(key), key, null);
        }
        catch (StoreUnavailableException ex)
        {
            Logger.StoreRefused(key, ex.Message);
            return (null, key, ChatRefusals.StoreUnavailable);
        }
    }
}
