using System.Globalization;
using System.Text.Json;
using StackExchange.Redis;

namespace Piazza.Store.Redis;

/// <summary>
/// Events as Redis holds them: a stream entry with id <c>N-0</c> and short fields (t time, k kind,
/// u user, x text, r reason, b by, d duration, o origin; absent when null), and the same as a published
/// message: a JSON array <c>[room, id, field, value, ...]</c>.
/// </summary>
internal static class RedisEntries
{
    /// <summary>The field/value pairs of a draft after <c>t</c> and <c>k</c>, which the script writes itself.</summary>
    public static void AddFields(List<RedisValue> args, EventDraft draft)
    {
        args.Add("u");
        args.Add(draft.User);
        Add(args, "x", draft.Text);
        Add(args, "r", draft.Reason);
        Add(args, "b", draft.By);
        Add(args, "o", draft.Origin);
        if (draft.Duration is { } duration)
        {
            args.Add("d");
            args.Add(duration.ToString(CultureInfo.InvariantCulture));
        }
    }

    public static StoredEvent FromEntry(string room, StreamEntry entry) => FeedFromEntry(room, entry).Event;

    public static FeedEvent FeedFromEntry(string room, StreamEntry entry) =>
        Build(room, IdOf(entry.Id), entry.Values.Select(v => ((string)v.Name!, (string?)v.Value)));

    /// <summary>An event from a reply's field list (name, value, name, value ...).</summary>
    public static StoredEvent FromFields(string room, long id, RedisResult[] fields) =>
        Build(room, id, Pairs(fields)).Event;

    /// <summary>The event a published message carries, or null when it is not one of ours.</summary>
    public static FeedEvent? FromMessage(string message)
    {
        try
        {
            using var json = JsonDocument.Parse(message);
            var array = json.RootElement;
            if (array.ValueKind != JsonValueKind.Array || array.GetArrayLength() < 4)
            {
                return null;
            }

            var room = array[0].GetString()!;
            var id = long.Parse(array[1].GetString()!, CultureInfo.InvariantCulture);
            var pairs = new List<(string, string?)>();
            for (var i = 2; i + 1 < array.GetArrayLength(); i += 2)
            {
                pairs.Add((array[i].GetString()!, array[i + 1].GetString()));
            }

            return Build(room, id, pairs);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or OverflowException)
        {
            return null;
        }
    }

    /// <summary>The event id of a stream entry id <c>N-0</c>.</summary>
    public static long IdOf(RedisValue streamId)
    {
        var text = (string)streamId!;
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        return long.Parse(dash < 0 ? text : text[..dash], CultureInfo.InvariantCulture);
    }

    private static IEnumerable<(string, string?)> Pairs(RedisResult[] fields)
    {
        for (var i = 0; i + 1 < fields.Length; i += 2)
        {
            yield return ((string)fields[i]!, (string?)fields[i + 1]);
        }
    }

    private static FeedEvent Build(string room, long id, IEnumerable<(string Name, string? Value)> fields)
    {
        long ts = 0;
        var kind = EventKind.Message;
        var user = "";
        string? text = null, reason = null, by = null, origin = null;
        long? duration = null;
        foreach (var (name, value) in fields)
        {
            switch (name)
            {
                case "t": ts = long.Parse(value!, CultureInfo.InvariantCulture); break;
                case "k": kind = (EventKind)byte.Parse(value!, CultureInfo.InvariantCulture); break;
                case "u": user = value ?? ""; break;
                case "x": text = value; break;
                case "r": reason = value; break;
                case "b": by = value; break;
                case "o": origin = value; break;
                case "d": duration = long.Parse(value!, CultureInfo.InvariantCulture); break;
                default: break;
            }
        }

        return new FeedEvent(new StoredEvent(room, id, UnixMs.ToTime(ts), kind, user, text, reason, by, duration), origin);
    }

    private static void Add(List<RedisValue> args, string name, string? value)
    {
        if (value is not null)
        {
            args.Add(name);
            args.Add(value);
        }
    }
}
