using System.Buffers;
using System.Globalization;
using System.Text;
using CsCheck;
using Microsoft.Extensions.Logging;
using Piazza.Resilience.Tests.Support;

namespace Piazza.Resilience.Tests;

/// <summary>
/// Random bytes and random mutations of valid frames (version 1 and version 2), fed to a real
/// server by joined members, speaking version 1 and version 2 in turn. After each input the
/// attacker sends a sentinel message, so the test knows exactly which of the input's frames the
/// server acted on, and checks: the observer received exactly the valid says of the input to the
/// default room, in order, stamped with the attacker's name (the codec and the room rules decide
/// what is valid; a model follows which rooms the attacker joined and parted); the healthy member
/// received exactly the valid direct messages to it; every frame anyone received decodes; the
/// healthy member is answered throughout; the server's memory stays within its bound; nothing is
/// logged as a problem.
/// </summary>
public sealed class HostileInputPropertyTests(ITestOutputHelper output)
{
    private static readonly byte[][] ValidFrames =
    [
        "{\"type\":\"say\",\"text\":\"ciao a tutti\",\"ref\":\"c-17\"}"u8.ToArray(),
        "{\"type\":\"say\",\"text\":\"caf\u00e9 \u2615 \ud83d\ude00\"}"u8.ToArray(),
        "{\"type\":\"say\",\"text\":\"line\\nbreak\\ttab\"}"u8.ToArray(),
        "{\"type\":\"hello\",\"user\":\"mallory\",\"protocol\":1,\"client\":\"x\"}"u8.ToArray(),
        "{\"type\":\"ping\"}"u8.ToArray(),
        "{\"type\":\"pong\"}"u8.ToArray(),
        "{\"type\":\"who\"}"u8.ToArray(),
        "{\"type\":\"bye\"}"u8.ToArray(),
        "{\"type\":\"message\",\"id\":1,\"ts\":\"2026-11-25T20:00:00.123Z\",\"from\":\"admin\",\"text\":\"spoof\"}"u8.ToArray(),

        // Version 2: rooms, direct messages, cursors, history, and frames only the server sends.
        "{\"type\":\"hello\",\"user\":\"mallory\",\"protocol\":2,\"rooms\":{\"#piazza\":{\"since\":40,\"epoch\":\"e7Qm\"},\"#dev\":{}}}"u8.ToArray(),
        "{\"type\":\"say\",\"room\":\"#piazza\",\"text\":\"to the room\",\"ref\":\"c-18\"}"u8.ToArray(),
        "{\"type\":\"say\",\"room\":\"#dev\",\"text\":\"elsewhere\"}"u8.ToArray(),
        "{\"type\":\"say\",\"room\":\"@healthy\",\"text\":\"psst\",\"ref\":\"c-19\"}"u8.ToArray(),
        "{\"type\":\"join\",\"room\":\"#dev\",\"since\":12,\"epoch\":\"Zp2c\"}"u8.ToArray(),
        "{\"type\":\"join\",\"room\":\"@healthy\"}"u8.ToArray(),
        "{\"type\":\"part\",\"room\":\"#piazza\"}"u8.ToArray(),
        "{\"type\":\"part\",\"room\":\"#dev\"}"u8.ToArray(),
        "{\"type\":\"topic\",\"room\":\"#dev\",\"topic\":\"release friday\"}"u8.ToArray(),
        "{\"type\":\"rooms\"}"u8.ToArray(),
        "{\"type\":\"who\",\"room\":\"#dev\"}"u8.ToArray(),
        "{\"type\":\"history\",\"room\":\"#piazza\",\"before\":120,\"limit\":100}"u8.ToArray(),
        "{\"type\":\"room\",\"room\":\"#piazza\",\"topic\":\"x\",\"users\":[\"admin\"],\"lastId\":57,\"epoch\":\"Zp2c\",\"truncated\":false}"u8.ToArray(),
    ];

    private static readonly byte[] Interesting = [0x00, 0x0A, 0x0D, 0x20, 0x22, 0x5C, 0x7B, 0x7D, 0x5B, 0x3A, 0x2C, 0x7F, 0x80, 0xC0, 0xC1, 0xED, 0xEF, 0xF4, 0xF8, 0xFF];

    private static int Iterations =>
        int.TryParse(Environment.GetEnvironmentVariable("PIAZZA_PROPERTY_ITERATIONS"), CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 20_000;

    [Fact]
    public async Task Random_and_mutated_input_is_never_relayed_unless_valid_and_the_server_stays_up_and_bounded()
    {
        var sendQueue = 64 * 1024;
        // Information and up: Debug lines hold every message text, megabytes of them here.
        await using var server = await TestServer.StartAsync(o => o with
        {
            RateBurst = 100_000,
            RatePerSecond = 100_000,
            SendQueueBytes = sendQueue,
        }, minimumLogLevel: LogLevel.Information);
        var relayed = new Relayed();
        await using var observer = await Peer.JoinAsync(server.EndPoint, "observer", keepFrames: false);
        observer.Tap = frame =>
        {
            if (frame is MessageFrame or LeftFrame)
            {
                relayed.Add(frame);
            }
        };

        // The healthy member speaks version 2, so attackers can write to it directly.
        var direct = new Relayed();
        await using var healthy = await Peer.JoinAsync(server.EndPoint, "healthy", keepFrames: false, protocol: 2);
        healthy.Tap = frame =>
        {
            if (frame is MessageFrame { Room: ['@', ..] } or AckFrame { Room: "@healthy" })
            {
                direct.Add(frame);
            }
        };

        var attacker = new Attacker(server.EndPoint);
        await attacker.ConnectAsync();
        var stats = new Stats { Healthy = healthy };

        GC.Collect();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var peak = baseline;
        var seed = Environment.GetEnvironmentVariable("PIAZZA_PROPERTY_SEED");

        var gen = Gen.Frequency(
            (1, Gen.Byte.Array[0, 600]),
            (3, MutatedFrames()));

        await gen.SampleAsync(
            async input =>
            {
                stats.Inputs++;
                stats.Bytes += input.Length;
                await FeedAsync(attacker, input, relayed, stats);
                await CheckDirectAsync(healthy, direct, stats);

                if (stats.Inputs % 50 == 0)
                {
                    // The healthy member is served between any two hostile inputs.
                    var text = $"healthy {stats.Inputs}";
                    await healthy.SayAsync(text);
                    await relayed.WaitAsync(frames => Array.FindIndex(frames, f => f is MessageFrame m && m.From == "healthy" && m.Text == text), text);
                    stats.HealthyRoundTrips++;
                }

                if (stats.Inputs == 250)
                {
                    // The baseline comes after a warm-up, so pooled buffers and thread-pool
                    // threads are at their working size before anything is measured.
                    baseline = peak = GC.GetTotalMemory(forceFullCollection: true);
                }
                else if (stats.Inputs % 250 == 0)
                {
                    peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true));
                }
            },
            seed: seed,
            iter: Iterations,
            threads: 1,
            print: b => Convert.ToHexString(b),
            writeLine: output.WriteLine);

        peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true));
        Assert.Null(observer.Client.InvalidFrame);
        Assert.Null(healthy.Client.InvalidFrame);
        Assert.Equal(0, stats.InvalidFromServer);
        Assert.False(observer.Client.Ended || healthy.Client.Ended, "a healthy member was disconnected");
        await attacker.DisposeAsync();
        await Eventually.TrueAsync(() => server.Server.ConnectionCount == 2 && server.Server.MemberCount == 2, what: "only the two healthy members left");

        // Per connection the server holds at most a frame being read and a capped queue; 8 MiB is
        // what the test's own clients and the runtime may legitimately hold on top.
        var bound = (3L * (ProtocolLimits.MaxClientFrameBytes + sendQueue)) + (8L << 20);
        Assert.True(peak - baseline < bound, $"managed memory grew {peak - baseline} bytes, bound {bound}");
        Assert.Empty(server.Logs.Problems);
        Figures.Report(output, "hostile input (property)", $"{stats.Inputs} inputs ({Figures.Mib(stats.Bytes)}) fed: {stats.FramesDecoded} frames the codec accepts, {stats.ValidSays} valid says relayed exactly, {stats.DirectSays} direct messages delivered exactly, {stats.Refused} lines refused, {stats.Reconnects} connections ended by the input (bye) and reopened");
        await using var counter = await server.ConnectAsync();
        await counter.JoinAsync("counter");
        await counter.SendAsync(RoomsFrame.Request);
        var rooms = (await counter.ExpectAsync<RoomsFrame>()).Rooms!.Count;
        Figures.Report(output, "hostile input (property)", $"{rooms} rooms made by the attackers' joins; {stats.Parts} parts of the default room and {stats.Rejoins} rejoins before a sentinel");
        Figures.Report(output, "hostile input (property)", $"healthy member answered {stats.HealthyRoundTrips} times in between; memory growth {Figures.Mib(peak - baseline)} (bound {Figures.Mib(bound)}); seed {seed ?? "random (CsCheck prints it on failure)"}");
    }

    private static Gen<byte[]> MutatedFrames() =>
        Gen.Int[0, ValidFrames.Length - 1].Array[1, 3].SelectMany(
            picks => Gen.Int[1, 6],
            (picks, count) => (picks, count))
        .SelectMany(
            t => Gen.Int[0, int.MaxValue].Array[t.count * 4],
            (t, randoms) => Mutate(t.picks, randoms));

    /// <summary>Joins the picked frames and applies mutations driven by <paramref name="r"/> (four numbers each).</summary>
    private static byte[] Mutate(int[] picks, int[] r)
    {
        var bytes = new List<byte>();
        foreach (var pick in picks)
        {
            bytes.AddRange(ValidFrames[pick]);
            bytes.Add((byte)'\n');
        }

        for (var i = 0; i + 3 < r.Length; i += 4)
        {
            var at = bytes.Count == 0 ? 0 : r[i + 1] % bytes.Count;
            switch (r[i] % 7)
            {
                case 0 when bytes.Count > 0:
                    bytes[at] ^= (byte)(1 << (r[i + 2] % 8));
                    break;
                case 1 when bytes.Count > 0:
                    bytes[at] = Interesting[r[i + 2] % Interesting.Length];
                    break;
                case 2:
                    bytes.Insert(at, Interesting[r[i + 2] % Interesting.Length]);
                    break;
                case 3 when bytes.Count > 0:
                    bytes.RemoveRange(at, Math.Min(bytes.Count - at, 1 + (r[i + 2] % 8)));
                    break;
                case 4 when bytes.Count > 0:
                    var length = Math.Min(bytes.Count - at, 1 + (r[i + 2] % 16));
                    bytes.InsertRange(at, bytes.GetRange(at, length));
                    break;
                case 5:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                default:
                    bytes.Insert(at, (byte)r[i + 3]);
                    break;
            }
        }

        return [.. bytes];
    }

    private static async Task FeedAsync(Attacker attacker, byte[] input, Relayed relayed, Stats stats)
    {
        // What the server must relay: the valid says, up to a bye (after which it reads nothing).
        var expected = new List<string>();
        var closes = false;
        var line = new byte[input.Length + 1];
        input.CopyTo(line, 0);
        line[^1] = (byte)'\n';
        var pending = new ReadOnlySequence<byte>(line);
        while (!closes)
        {
            var result = FrameDecoder.Read(ref pending, ProtocolLimits.MaxClientFrameBytes);
            if (result.Status == FrameReadStatus.NeedMoreData)
            {
                break;
            }

            if (result.Status != FrameReadStatus.Frame)
            {
                stats.Refused++;
                continue;
            }

            stats.FramesDecoded++;
            switch (result.Frame)
            {
                // A ref the sender used before is the same message (protocol §9): acked again, not relayed.
                case SayFrame say when MessageTextRules.Validate(say.Text).IsValid:
                    var target = attacker.Destination(say.Room);
                    if (target != Target.Refused && (say.Ref is null || stats.Refs.Add((attacker.User, say.Ref))))
                    {
                        if (target == Target.DefaultRoom)
                        {
                            expected.Add(say.Text);
                        }
                        else if (target == Target.Healthy)
                        {
                            stats.DirectExpected.Add(say.Text);
                        }
                    }

                    stats.DirectAsked |= say.Room is ['@', ..];
                    break;
                case SayFrame:
                    stats.Refused++;
                    break;
                case JoinFrame join:
                    attacker.Joined(join);
                    break;
                case PartFrame part:
                    stats.Parts += attacker.Parted(part) ? 1 : 0;
                    break;
                case ByeFrame:
                    closes = true;
                    break;
            }
        }

        var user = attacker.User;
        var sentinel = $"sentinel {stats.Inputs}";
        await attacker.SendAsync(line);
        if (closes)
        {
            // Everything it said was delivered before its connection ended; a healthy message marks the end.
            await attacker.Completion.WaitAsync(Eventually.DefaultTimeout, TestContext.Current.CancellationToken);
        }
        else
        {
            if (!attacker.InDefaultRoom)
            {
                // It parted the default room: it comes back, or its sentinel would not be relayed.
                await attacker.SendAsync("{\"type\":\"join\",\"room\":\"#piazza\"}\n"u8.ToArray());
                attacker.Joined(new JoinFrame("#piazza"));
                stats.Rejoins++;
            }

            await attacker.SendAsync(Encoding.UTF8.GetBytes($"{{\"type\":\"say\",\"text\":\"{sentinel}\"}}\n"));
        }

        var marker = closes ? $"after {user}" : sentinel;
        var markerFrom = closes ? "healthy" : user;
        var got = await relayed.WaitAsync(
            frames => Array.FindIndex(frames, f => f is MessageFrame m && m.From == markerFrom && m.Text == marker),
            closes ? $"the end of {user}" : $"the sentinel of input {stats.Inputs}",
            closes ? () => stats.Healthy!.SayAsync(marker) : null);

        var fromAttacker = got.OfType<MessageFrame>().Where(m => m.From == user).Select(m => m.Text).ToList();
        Assert.Equal(expected, fromAttacker);
        Assert.DoesNotContain(got.OfType<MessageFrame>(), m => m.From != user && m.From != "healthy");
        stats.ValidSays += expected.Count;
        stats.InvalidFromServer += attacker.InvalidFrames;

        if (closes)
        {
            stats.Reconnects++;
            await attacker.ConnectAsync();
        }
    }

    /// <summary>
    /// After an input that tried to write directly: the healthy member got exactly the valid
    /// direct messages to it, in order. A note to itself marks where the input's messages end.
    /// </summary>
    private static async Task CheckDirectAsync(Peer healthy, Relayed direct, Stats stats)
    {
        if (!stats.DirectAsked)
        {
            return;
        }

        var reference = $"dm-{stats.Inputs}";
        var got = await direct.WaitAsync(
            frames => Array.FindIndex(frames, f => f is AckFrame a && a.Ref == reference),
            $"the note that ends input {stats.Inputs}",
            () => healthy.Client.SendAsync(new SayFrame("end of input", reference, "@healthy")));
        Assert.Equal(stats.DirectExpected, got.OfType<MessageFrame>().Select(m => m.Text));
        Assert.All(got.OfType<MessageFrame>(), m => Assert.Equal("@" + m.From.ToLowerInvariant(), m.Room));
        stats.DirectSays += stats.DirectExpected.Count;
        stats.DirectExpected.Clear();
        stats.DirectAsked = false;
    }

    /// <summary>What the observer was relayed, in order; a test waits for a marker and takes everything before it.</summary>
    private sealed class Relayed
    {
        private readonly List<Frame> _frames = [];
        private readonly SemaphoreSlim _added = new(0);

        public void Add(Frame frame)
        {
            lock (_frames)
            {
                _frames.Add(frame);
            }

            _added.Release();
        }

        /// <summary>
        /// Waits until <paramref name="find"/> locates a marker; returns and removes the frames
        /// before it and the marker. <paramref name="send"/>, when given, sends the marker first.
        /// </summary>
        public async Task<Frame[]> WaitAsync(Func<Frame[], int> find, string what, Func<Task>? send = null)
        {
            if (send is not null)
            {
                await send();
            }

            var deadline = DateTime.UtcNow + Eventually.DefaultTimeout;
            while (true)
            {
                lock (_frames)
                {
                    var frames = _frames.ToArray();
                    var end = find(frames);
                    if (end >= 0)
                    {
                        _frames.RemoveRange(0, end + 1);
                        return frames[..end];
                    }
                }

                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || !await _added.WaitAsync(left))
                {
                    throw new TimeoutException($"Timed out waiting for {what}.");
                }
            }
        }
    }

    private sealed class Stats
    {
        public int Inputs;
        public long Bytes;
        public int FramesDecoded;
        public int ValidSays;
        public int Refused;
        public int Reconnects;
        public int HealthyRoundTrips;
        public int InvalidFromServer;
        public int DirectSays;
        public int Parts;
        public int Rejoins;

        /// <summary>True when the current input holds a say to someone directly.</summary>
        public bool DirectAsked;

        /// <summary>The healthy member, which marks where a closed attacker's input ends.</summary>
        public Peer? Healthy;

        /// <summary>The direct messages to the healthy member the current input must deliver, in order.</summary>
        public List<string> DirectExpected { get; } = [];

        /// <summary>The refs each attacker name has used, which the server deduplicates.</summary>
        public HashSet<(string User, string Ref)> Refs { get; } = [];
    }

    /// <summary>Where a say goes, as the model of the attacker sees it.</summary>
    private enum Target
    {
        Refused,
        DefaultRoom,
        OtherRoom,
        Healthy,
        Self,
    }

    /// <summary>
    /// A joined member that sends whatever it is given and reads (and checks) everything, keeping
    /// nothing. Every other one speaks version 2. It keeps a model of the rooms it is in, from the
    /// joins and parts it sent, so the test knows where each of its says goes.
    /// </summary>
    private sealed class Attacker(System.Net.IPEndPoint server) : IAsyncDisposable
    {
        private const string DefaultRoom = "#piazza";
        private readonly HashSet<string> _rooms = new(StringComparer.Ordinal);
        private StreamingClient? _client;
        private int _generation;

        public string User => _client!.User!;

        public int Protocol { get; private set; }

        public int InvalidFrames => _client?.InvalidFrame is null ? 0 : 1;

        public Task Completion => _client!.Completion;

        public bool InDefaultRoom => _rooms.Contains(DefaultRoom);

        public async Task ConnectAsync()
        {
            if (_client is not null)
            {
                Assert.Null(_client.InvalidFrame);
                await _client.DisposeAsync();
            }

            _client = await StreamingClient.ConnectAsync(server);
            Protocol = ++_generation % 2 == 0 ? 2 : 1;
            await _client.JoinAsync($"fz{_generation}", protocol: Protocol);
            _rooms.Clear();
            _rooms.Add(DefaultRoom);
        }

        /// <summary>Where the server puts a valid say to <paramref name="room"/> (the default room when null).</summary>
        public Target Destination(string? room)
        {
            room ??= DefaultRoom;
            if (!RoomNameRules.ValidateAddress(room).IsValid)
            {
                return Target.Refused;
            }

            if (RoomNameRules.IsDirect(room))
            {
                var name = room[1..];
                return Protocol < 2 ? Target.Refused
                    : string.Equals(name, "healthy", StringComparison.OrdinalIgnoreCase) ? Target.Healthy
                    : string.Equals(name, User, StringComparison.OrdinalIgnoreCase) ? Target.Self
                    : Target.Refused;
            }

            var key = RoomNameRules.Normalize(room);
            return !_rooms.Contains(key) ? Target.Refused
                : key == DefaultRoom ? Target.DefaultRoom
                : Target.OtherRoom;
        }

        /// <summary>A join the server takes: a valid room name, no negative cursor, within the cap of rooms per connection.</summary>
        public void Joined(JoinFrame join)
        {
            if (RoomNameRules.Validate(join.Room).IsValid && join.Since is not < 0 && _rooms.Count < 100)
            {
                _rooms.Add(RoomNameRules.Normalize(join.Room));
            }
        }

        /// <summary>A part the server takes; true when it was of the default room.</summary>
        public bool Parted(PartFrame part)
        {
            if (!RoomNameRules.Validate(part.Room).IsValid)
            {
                return false;
            }

            var key = RoomNameRules.Normalize(part.Room);
            return _rooms.Remove(key) && key == DefaultRoom;
        }

        public Task SendAsync(byte[] bytes) => _client!.SendRawAsync(bytes);

        public async ValueTask DisposeAsync()
        {
            if (_client is not null)
            {
                await _client.DisposeAsync();
            }
        }
    }
}
