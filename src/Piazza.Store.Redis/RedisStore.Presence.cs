using StackExchange.Redis;

namespace Piazza.Store.Redis;

/// <summary>
/// Presence across nodes: <c>node:{id}</c> (a lease), <c>nodes</c> (the set of node ids),
/// <c>members:{room}</c> (hash: <c>person\nnode</c> -> name), <c>node-rooms:{id}</c> (the rooms a
/// node has members in).
/// </summary>
public sealed partial class RedisStore : IClusterPresence
{
    /// <summary>KEYS: 1 nodes set. ARGV: 1 prefix. For each node whose lease key is gone: its memberships, removed. Returns a flat list room, person, name, node.</summary>
    private const string ReapScript = """
        local out = {}
        for _, node in ipairs(redis.call('SMEMBERS', KEYS[1])) do
          if redis.call('EXISTS', ARGV[1] .. 'node:' .. node) == 0 then
            redis.call('SREM', KEYS[1], node)
            local roomsKey = ARGV[1] .. 'node-rooms:' .. node
            for _, room in ipairs(redis.call('SMEMBERS', roomsKey)) do
              local membersKey = ARGV[1] .. 'members:' .. room
              local all = redis.call('HGETALL', membersKey)
              local suffix = '\n' .. node
              for i = 1, #all, 2 do
                local field = all[i]
                if string.sub(field, -string.len(suffix)) == suffix then
                  redis.call('HDEL', membersKey, field)
                  out[#out + 1] = room
                  out[#out + 1] = string.sub(field, 1, string.len(field) - string.len(suffix))
                  out[#out + 1] = all[i + 1]
                  out[#out + 1] = node
                end
              end
            end
            redis.call('DEL', roomsKey)
          end
        end
        return out
        """;

    /// <inheritdoc />
    public Task BeatAsync(string node, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        var db = Db;
        return Guard(async () =>
        {
            await db.StringSetAsync(keys.Prefix + "node:" + node, "1", lease);
            await db.SetAddAsync(keys.Prefix + "nodes", node);
        });
    }

    /// <inheritdoc />
    public Task AddMemberAsync(string room, string person, string name, string node, CancellationToken cancellationToken = default)
    {
        var db = Db;
        return Guard(async () =>
        {
            await db.HashSetAsync(keys.Prefix + "members:" + room, person + "\n" + node, name);
            await db.SetAddAsync(keys.Prefix + "node-rooms:" + node, room);
        });
    }

    /// <inheritdoc />
    public Task RemoveMemberAsync(string room, string person, string node, CancellationToken cancellationToken = default)
    {
        var db = Db;
        return Guard(() => db.HashDeleteAsync(keys.Prefix + "members:" + room, person + "\n" + node));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, string>> MembersAsync(string room, CancellationToken cancellationToken = default)
    {
        var db = Db;
        var all = await Guard(() => db.HashGetAllAsync(keys.Prefix + "members:" + room));
        var members = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in all)
        {
            var field = (string)entry.Name!;
            members[field[..field.LastIndexOf('\n')]] = (string)entry.Value!;
        }

        return members;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<(string Room, string Person, string Name, string Node)>> ReapAsync(CancellationToken cancellationToken = default)
    {
        var db = Db;
        var reply = await Guard(() => db.ScriptEvaluateAsync(ReapScript, [keys.Prefix + "nodes"], [keys.Prefix]));
        var flat = (RedisResult[])reply!;
        var list = new List<(string, string, string, string)>();
        for (var i = 0; i + 3 < flat.Length; i += 4)
        {
            list.Add(((string)flat[i]!, (string)flat[i + 1]!, (string)flat[i + 2]!, (string)flat[i + 3]!));
        }

        return list;
    }
}
