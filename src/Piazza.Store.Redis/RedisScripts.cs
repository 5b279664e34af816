namespace Piazza.Store.Redis;

/// <summary>
/// The Lua scripts: each runs atomically in Redis, so no other node's command interleaves. The
/// client sends each once and then calls it by its hash (EVALSHA).
/// </summary>
internal static class RedisScripts
{
    /// <summary>
    /// One event: dedupe by ref, create the room if new, next id, clamp the time so a room's times
    /// never go back (clocks of nodes differ), XADD under id <c>N-0</c>, the topic, trim by count,
    /// remember the ref, index a conversation under its two people, PUBLISH. Returns
    /// <c>{1, id, ts}</c>, or <c>{0, room, id, ts, fields}</c> for a ref seen within the window.
    /// </summary>
    /// <remarks>
    /// KEYS: 1 room hash, 2 events stream, 3 ref key, 4 directory, 5 all rooms, 6 and 7 the
    /// people's conversation sets (for a conversation). ARGV: 1 room, 2 now (ms), 3 dedupe window
    /// (ms), 4 retention by count (0 none), 5 epoch for a new room, 6 channel, 7 has ref (0/1),
    /// 8 kind, 9 sender for the ref, 10... field/value pairs of the entry.
    /// </remarks>
    public const string Append = """
        local now = tonumber(ARGV[2])
        local hasRef = ARGV[7] == '1'
        if hasRef then
          local seen = redis.call('GET', KEYS[3])
          if seen then
            local room, id, ts = string.match(seen, '^(.*)\n(%d+)\n(%d+)$')
            if room and tonumber(ts) >= now - tonumber(ARGV[3]) then
              -- The original may be in another room: its stream key is this one's with the room swapped.
              local streamKey = string.sub(KEYS[2], 1, string.len(KEYS[2]) - string.len(ARGV[1])) .. room
              local entry = redis.call('XRANGE', streamKey, id .. '-0', id .. '-0')
              local fields = {}
              if entry[1] then fields = entry[1][2] end
              return {0, room, id, ts, fields}
            end
          end
        end
        if redis.call('EXISTS', KEYS[1]) == 0 then
          redis.call('HSET', KEYS[1], 'epoch', ARGV[5], 'last', 0, 'created', now, 'lts', now)
          redis.call('SADD', KEYS[5], ARGV[1])
          if string.sub(ARGV[1], 1, 1) == '#' then redis.call('ZADD', KEYS[4], 0, ARGV[1]) end
        end
        local id = redis.call('HINCRBY', KEYS[1], 'last', 1)
        local ts = now
        local lts = tonumber(redis.call('HGET', KEYS[1], 'lts') or '0')
        if ts < lts then ts = lts end
        redis.call('HSET', KEYS[1], 'lts', ts)
        local entry = {'t', tostring(ts), 'k', ARGV[8]}
        local text = nil
        for i = 10, #ARGV, 2 do
          entry[#entry + 1] = ARGV[i]
          entry[#entry + 1] = ARGV[i + 1]
          if ARGV[i] == 'x' then text = ARGV[i + 1] end
        end
        redis.call('XADD', KEYS[2], id .. '-0', unpack(entry))
        if ARGV[8] == '4' then
          if text then redis.call('HSET', KEYS[1], 'topic', text) else redis.call('HDEL', KEYS[1], 'topic') end
        end
        local keep = tonumber(ARGV[4])
        if keep > 0 and id - keep >= 1 then
          redis.call('XTRIM', KEYS[2], 'MINID', (id - keep + 1) .. '-0')
        end
        if hasRef then
          redis.call('SET', KEYS[3], ARGV[1] .. '\n' .. id .. '\n' .. ts, 'PX', tonumber(ARGV[3]) + 60000)
        end
        if KEYS[6] then redis.call('ZADD', KEYS[6], ts, ARGV[1]) end
        if KEYS[7] then redis.call('ZADD', KEYS[7], ts, ARGV[1]) end
        local message = {ARGV[1], tostring(id)}
        for i = 1, #entry do message[#message + 1] = entry[i] end
        redis.call('PUBLISH', ARGV[6], cjson.encode(message))
        return {1, id, ts}
        """;

    /// <summary>
    /// A room's facts, creating it (with the given epoch) when asked. Returns
    /// <c>{epoch, last, created, topic or '', has topic (0/1), oldest id}</c>, or an empty reply
    /// when the room does not exist and was not to be created.
    /// </summary>
    /// <remarks>KEYS: 1 room hash, 2 events, 3 directory, 4 all rooms. ARGV: 1 room, 2 create (0/1), 3 epoch, 4 now.</remarks>
    public const string Room = """
        if redis.call('EXISTS', KEYS[1]) == 0 then
          if ARGV[2] ~= '1' then return {} end
          redis.call('HSET', KEYS[1], 'epoch', ARGV[3], 'last', 0, 'created', ARGV[4], 'lts', ARGV[4])
          redis.call('SADD', KEYS[4], ARGV[1])
          if string.sub(ARGV[1], 1, 1) == '#' then redis.call('ZADD', KEYS[3], 0, ARGV[1]) end
        end
        local h = redis.call('HMGET', KEYS[1], 'epoch', 'last', 'created', 'topic')
        local oldest = 0
        local first = redis.call('XRANGE', KEYS[2], '-', '+', 'COUNT', 1)
        if first[1] then oldest = tonumber(string.match(first[1][1], '^(%d+)')) end
        local hasTopic = 1
        local topic = h[4]
        if not topic then topic = ''; hasTopic = 0 end
        return {h[1], tonumber(h[2]), tonumber(h[3]), topic, hasTopic, oldest}
        """;

    /// <summary>
    /// Retention for one room: by count, then by age (entries older than the cutoff, oldest
    /// first, a bounded number of passes). Returns how many entries went.
    /// </summary>
    /// <remarks>KEYS: 1 room hash, 2 events. ARGV: 1 keep count (0 all), 2 cutoff ms (0 none).</remarks>
    public const string Trim = """
        local removed = 0
        local keep = tonumber(ARGV[1])
        if keep > 0 then
          local last = tonumber(redis.call('HGET', KEYS[1], 'last') or '0')
          if last - keep >= 1 then
            removed = removed + redis.call('XTRIM', KEYS[2], 'MINID', (last - keep + 1) .. '-0')
          end
        end
        local cutoff = tonumber(ARGV[2])
        if cutoff > 0 then
          for pass = 1, 100 do
            local batch = redis.call('XRANGE', KEYS[2], '-', '+', 'COUNT', 200)
            if #batch == 0 then break end
            local kept = nil
            for _, e in ipairs(batch) do
              local f = e[2]
              local t = 0
              for j = 1, #f, 2 do if f[j] == 't' then t = tonumber(f[j + 1]) end end
              if t >= cutoff then kept = e[1]; break end
            end
            if kept then
              removed = removed + redis.call('XTRIM', KEYS[2], 'MINID', kept)
              break
            end
            local lastId = tonumber(string.match(batch[#batch][1], '^(%d+)'))
            removed = removed + redis.call('XTRIM', KEYS[2], 'MINID', (lastId + 1) .. '-0')
          end
        end
        return removed
        """;

    /// <summary>Creates a hash only when the key does not exist. KEYS: 1 the hash. ARGV: field/value pairs. Returns 1 or 0.</summary>
    public const string CreateHash = """
        if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
        redis.call('HSET', KEYS[1], unpack(ARGV))
        return 1
        """;

    /// <summary>Sets one field of a hash only when the hash exists. KEYS: 1 the hash. ARGV: 1 field, 2 value. Returns 1 or 0.</summary>
    public const string UpdateHash = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
        return 1
        """;
}
