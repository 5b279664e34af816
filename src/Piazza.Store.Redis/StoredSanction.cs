using System.Text.Json.Serialization;

namespace Piazza.Store.Redis;

/// <summary>A sanction as its JSON value in the sanctions hash (times in Unix milliseconds).</summary>
internal sealed record StoredSanction(
    string Scope, byte Kind, string Target, bool ByAddress, long? Until, string By, string? Reason, long Created)
{
    public static StoredSanction From(Sanction s) => new(
        s.Key.Scope, (byte)s.Key.Kind, s.Key.Target, s.Key.ByAddress,
        s.Until is { } until ? UnixMs.From(until) : null, s.By, s.Reason, UnixMs.From(s.Created));

    public Sanction ToSanction() => new(
        new SanctionKey(Scope, (SanctionKind)Kind, Target, ByAddress),
        Until is { } until ? UnixMs.ToTime(until) : null,
        By,
        Reason,
        UnixMs.ToTime(Created));
}

/// <summary>Source-generated JSON for what the store keeps as JSON.</summary>
[JsonSerializable(typeof(StoredSanction))]
internal sealed partial class RedisJson : JsonSerializerContext;
