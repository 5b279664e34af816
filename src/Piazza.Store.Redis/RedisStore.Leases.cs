using StackExchange.Redis;

namespace Piazza.Store.Redis;

/// <summary>Name leases: <c>name:{name}</c> holds the node's id with an expiry (SET NX PX), renewed by the live node only.</summary>
public sealed partial class RedisStore : INameLeases
{
    /// <summary>KEYS: the names' keys. ARGV: 1 node, 2 lease ms. Renews those held by the node; returns the indexes (1-based) of those it lost.</summary>
    private const string RenewScript = """
        local lost = {}
        for i, key in ipairs(KEYS) do
          if redis.call('GET', key) == ARGV[1] then
            redis.call('PEXPIRE', key, ARGV[2])
          else
            local taken = redis.call('SET', key, ARGV[1], 'NX', 'PX', ARGV[2])
            if not taken then lost[#lost + 1] = i end
          end
        end
        return lost
        """;

    /// <summary>KEYS: 1 the name's key. ARGV: 1 node. Deletes it only if the node holds it.</summary>
    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    /// <inheritdoc />
    public async Task<bool> TryClaimAsync(string name, string node, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var db = Db;
        var key = keys.Name(name);
        return await Guard(() => db.StringSetAsync(key, node, lease, When.NotExists))
            || (string?)await Guard(() => db.StringGetAsync(key)) == node;
    }

    /// <inheritdoc />
    public Task ReleaseAsync(string name, string node, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var db = Db;
        return Guard(() => db.ScriptEvaluateAsync(ReleaseScript, [keys.Name(name)], [node]));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> RenewAsync(IReadOnlyCollection<string> names, string node, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(names);
        if (names.Count == 0)
        {
            return [];
        }

        var db = Db;
        var list = names.ToArray();
        var reply = await Guard(() => db.ScriptEvaluateAsync(
            RenewScript, [.. list.Select(n => (RedisKey)keys.Name(n))], [node, (long)lease.TotalMilliseconds]));
        return ((RedisResult[])reply!).Select(i => list[(int)(long)i - 1]).ToList();
    }

    /// <inheritdoc />
    public async Task<bool> IsHeldAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var db = Db;
        return await Guard(() => db.KeyExistsAsync(keys.Name(name)));
    }
}
