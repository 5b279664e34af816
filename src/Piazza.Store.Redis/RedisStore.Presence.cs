using StackExchange.Redis;

namespace Piazza.Store.Redis;

/// <summary>
/// Presence across nodes: <c>node:{id}</c> (a lease), <c>nodes</c> (the set of node ids),
/// <c>members:{room}</c> (hash: <c>person\nnode</c> -> name), <c>node-rooms:{id}</c> (the rooms a
/// node has members in), <c>turn:{room}\n{person}</c> (who is announcing that person's joined or
/// left in that room now; it expires by itself). A person is in a room while any node has their
/// field: the first to enter and the last to leave, anywhere, are the ones announced.
/// </summary>
public sealed partial class RedisStore : IClusterPresence
{
    /// <summary>
    /// KEYS: 1 members hash, 2 turn, 3 node-rooms of the node, 4 nodes set. ARGV: 1 person, 2 node,
    /// 3 name, 4 holder, 5 turn in ms, 6 room. Returns 2 (busy: nothing recorded), 1 (recorded; the
    /// person is here through another node) or 0 (recorded, the first: the turn is taken).
    /// </summary>
    private const string EnterScript = """
        if redis.call('EXISTS', KEYS[2]) == 1 then return 2 end
        local others = 0
        for _, node in ipairs(redis.call('SMEMBERS', KEYS[4])) do
          if node ~= ARGV[2] and redis.call('HEXISTS', KEYS[1], ARGV[1] .. '\n' .. node) == 1 then
            others = others + 1
          end
        end
        redis.call('HSET', KEYS[1], ARGV[1] .. '\n' .. ARGV[2], ARGV[3])
        redis.call('SADD', KEYS[3], ARGV[6])
        if others > 0 then return 1 end
        redis.call('SET', KEYS[2], ARGV[4], 'PX', ARGV[5])
        return 0
        """;

    /// <summary>
    /// KEYS: 1 members hash, 2 turn, 3 nodes set. ARGV: 1 person, 2 node, 3 holder, 4 turn in ms.
    /// Returns 2 (busy: nothing changed), 1 (forgotten; the person stays through another node) or 0
    /// (forgotten, the last: the turn is taken).
    /// </summary>
    private const string ExitScript = """
        if redis.call('EXISTS', KEYS[2]) == 1 then return 2 end
        redis.call('HDEL', KEYS[1], ARGV[1] .. '\n' .. ARGV[2])
        for _, node in ipairs(redis.call('SMEMBERS', KEYS[3])) do
          if node ~= ARGV[2] and redis.call('HEXISTS', KEYS[1], ARGV[1] .. '\n' .. node) == 1 then
            return 1
          end
        end
        redis.call('SET', KEYS[2], ARGV[3], 'PX', ARGV[4])
        return 0
        """;

    /// <summary>KEYS: 1 turn. ARGV: 1 holder. Deletes the turn if the holder still has it.</summary>
    private const string EndTurnScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    /// <summary>
    /// KEYS: 1 nodes set. ARGV: 1 prefix, 2 holder (empty: none), 3 turn in ms. For each node whose
    /// lease key is gone: its memberships, removed. Returns a flat list room, person, name, node of
    /// those now in the room on no node (a person on two dead nodes is returned once, with the last
    /// of them), and takes each one's turn for the holder. No other node can hold such a turn: while
    /// the dead node's field was there, every other node's entry or exit of the person was quiet.
    /// </summary>
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
                  local person = string.sub(field, 1, string.len(field) - string.len(suffix))
                  local elsewhere = false
                  for _, other in ipairs(redis.call('SMEMBERS', KEYS[1])) do
                    if redis.call('HEXISTS', membersKey, person .. '\n' .. other) == 1 then
                      elsewhere = true
                      break
                    end
                  end
                  if not elsewhere then
                    if ARGV[2] ~= '' then
                      redis.call('SET', ARGV[1] .. 'turn:' .. room .. '\n' .. person, ARGV[2], 'PX', ARGV[3])
                    end
                    out[#out + 1] = room
                    out[#out + 1] = person
                    out[#out + 1] = all[i + 1]
                    out[#out + 1] = node
                  end
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
    public async Task<PresenceChange> EnterAsync(
        string room, string person, string name, string node, string holder, TimeSpan turn, CancellationToken cancellationToken = default)
    {
        var db = Db;
        var reply = await Guard(() => db.ScriptEvaluateAsync(
            EnterScript,
            [keys.Prefix + "members:" + room, Turn(room, person), keys.Prefix + "node-rooms:" + node, keys.Prefix + "nodes"],
            [person, node, name, holder, (long)turn.TotalMilliseconds, room]));
        return Change((long)reply);
    }

    /// <inheritdoc />
    public async Task<PresenceChange> ExitAsync(
        string room, string person, string node, string holder, TimeSpan turn, CancellationToken cancellationToken = default)
    {
        var db = Db;
        var reply = await Guard(() => db.ScriptEvaluateAsync(
            ExitScript,
            [keys.Prefix + "members:" + room, Turn(room, person), keys.Prefix + "nodes"],
            [person, node, holder, (long)turn.TotalMilliseconds]));
        return Change((long)reply);
    }

    /// <inheritdoc />
    public Task EndTurnAsync(string room, string person, string holder, CancellationToken cancellationToken = default)
    {
        var db = Db;
        return Guard(() => db.ScriptEvaluateAsync(EndTurnScript, [Turn(room, person)], [holder]));
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
    public async Task<IReadOnlyList<(string Room, string Person, string Name, string Node)>> ReapAsync(
        string? holder = null, TimeSpan turn = default, CancellationToken cancellationToken = default)
    {
        var db = Db;
        var reply = await Guard(() => db.ScriptEvaluateAsync(
            ReapScript, [keys.Prefix + "nodes"], [keys.Prefix, holder ?? "", Math.Max(1, (long)turn.TotalMilliseconds)]));
        var flat = (RedisResult[])reply!;
        var list = new List<(string, string, string, string)>();
        for (var i = 0; i + 3 < flat.Length; i += 4)
        {
            list.Add(((string)flat[i]!, (string)flat[i + 1]!, (string)flat[i + 2]!, (string)flat[i + 3]!));
        }

        return list;
    }

    private RedisKey Turn(string room, string person) => keys.Prefix + "turn:" + room + "\n" + person;

    private static PresenceChange Change(long reply) => reply switch
    {
        0 => PresenceChange.Announce,
        1 => PresenceChange.Quiet,
        _ => PresenceChange.Busy,
    };
}
