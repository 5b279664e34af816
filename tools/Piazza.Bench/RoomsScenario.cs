using System.Diagnostics;
using System.Globalization;
using Piazza.Protocol;

namespace Piazza.Bench;

/// <summary>
/// Scenario E: many small rooms, every member sending. Each client is in one room of
/// <see cref="RoomsSettings.RoomSize"/>; committed messages per second are the acks per second
/// (an ack is sent only after the commit), ack latency is send to ack, and every member checks
/// that its room's ids only go up and that it received every other member's messages.
/// </summary>
internal sealed class RoomsScenario(RoomsSettings settings, ProgressLine progress) : IRoomsHandler
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);

    private readonly LatencyRecorder _ackLatency = new();
    private readonly LatencyRecorder _deliveryLatency = new();
    private Payload _payload = null!;
    private long _measureFrom = long.MaxValue;
    private long _sendUntil = long.MaxValue;

    /// <summary>One member's state, only touched by its receive path (and the sender before the first send).</summary>
    private sealed class Member(RoomSay say)
    {
        public RoomSay Say { get; } = say;

        public long NextSeq;
        public long Sent;
        public long Acked;
        public long Received;
        public long JoinedSeen;
        public long LastId;
        public long OutOfOrder;
        public long Foreign;
    }

    public async Task<RoomsReport> RunAsync(CancellationToken cancellationToken)
    {
        var probe = settings.ServerPid is { } pid ? new ServerProbe(pid) : null;
        var runId = (ushort)Random.Shared.Next(0, 0x10000);
        _payload = new Payload(runId, settings.PayloadBytes);
        var roomCount = (settings.Clients + settings.RoomSize - 1) / settings.RoomSize;
        var sizeBefore = DataFiles.SizeBytes(settings.DataDir);
        var rssStart = probe?.RssKiB() ?? 0;

        var clients = new RoomsClient[settings.Clients];
        var connect = Stopwatch.StartNew();
        var joined = 0;
        try
        {
            await Parallel.ForAsync(0, settings.Clients,
                new ParallelOptions { MaxDegreeOfParallelism = settings.ConnectConcurrency, CancellationToken = cancellationToken },
                async (i, ct) =>
                {
                    var room = RoomName(runId, i / settings.RoomSize);
                    clients[i] = await RoomsClient.ConnectAsync(settings.Server, null, i, $"e{runId:x4}-{i}",
                        new Dictionary<string, RoomCursor> { [room] = new RoomCursor() }, this, settings.ReadBufferBytes,
                        settings.JoinTimeout, ct, tag: new Member(new RoomSay(_payload, i, room)));
                    progress.Show($"[rooms] connecting: {Interlocked.Increment(ref joined)}/{settings.Clients} joined");
                });
            var connectSeconds = connect.Elapsed.TotalSeconds;
            await SettleAsync(clients, cancellationToken);

            var clock = Stopwatch.StartNew();
            var start = Stopwatch.GetTimestamp();
            Volatile.Write(ref _measureFrom, start + (long)(settings.Warmup.TotalSeconds * Stopwatch.Frequency));
            Volatile.Write(ref _sendUntil, start + (long)((settings.Warmup + settings.Duration).TotalSeconds * Stopwatch.Frequency));
            var sending = settings.Rate is { } rate
                ? OpenLoopAsync(clients, rate)
                : ClosedLoopStart(clients);

            long ackedAtStart = 0, ackedAtEnd = 0;
            double cpuAtStart = 0, cpuAtEnd = 0, measuredSeconds = 0;
            var measureClock = new Stopwatch();
            var measuring = false;
            var benchCpuAtStart = TimeSpan.Zero;
            while (Stopwatch.GetTimestamp() < _sendUntil)
            {
                await Task.Delay(Tick, cancellationToken);
                var t = Totals(clients);
                if (!measuring && Stopwatch.GetTimestamp() >= _measureFrom)
                {
                    measuring = true;
                    ackedAtStart = t.Acked;
                    cpuAtStart = probe?.CpuSeconds() ?? 0;
                    benchCpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
                    measureClock.Start();
                }

                progress.Show(string.Create(CultureInfo.InvariantCulture,
                    $"[rooms {clock.Elapsed.TotalSeconds,5:0.0}s{(measuring ? "" : " warm-up")}] sent {t.Sent:N0}  acked {t.Acked:N0}  delivered {t.Received:N0}  errors {t.Errors}"));
            }

            measuredSeconds = measureClock.Elapsed.TotalSeconds;
            ackedAtEnd = Totals(clients).Acked;
            cpuAtEnd = probe?.CpuSeconds() ?? 0;
            var benchCpu = (Process.GetCurrentProcess().TotalProcessorTime - benchCpuAtStart).TotalSeconds;
            await sending;

            // Drain: every say acked, every message delivered to the other members of its room.
            var drain = Stopwatch.StartNew();
            Counts final;
            while (true)
            {
                final = Totals(clients);
                if ((final.Acked >= final.Sent && final.Received >= ExpectedDeliveries(clients)) || drain.Elapsed >= settings.DrainTimeout
                    || final.Ended == clients.Length)
                {
                    break;
                }

                progress.Show($"[rooms] draining: acked {final.Acked:N0}/{final.Sent:N0}, delivered {final.Received:N0}");
                await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);
            }

            progress.Done();
            var expected = ExpectedDeliveries(clients);
            var sizeAfter = DataFiles.SizeBytes(settings.DataDir);
            var committed = ackedAtEnd - ackedAtStart;
            var perSecond = measuredSeconds > 0 ? committed / measuredSeconds : 0;
            ServerFigures? server = null;
            if (probe is not null)
            {
                var cpu = cpuAtEnd - cpuAtStart;
                server = new ServerFigures(probe.Pid, Math.Round(cpu, 2),
                    committed > 0 ? Math.Round(cpu / (committed / 1e6), 3) : null,
                    rssStart, probe.RssKiB() ?? 0, probe.PeakRssKiB() ?? 0, probe.PeakRssKiB() ?? 0);
            }

            double? bytesPerMillion = sizeBefore is { } b && sizeAfter is { } a && final.Acked > 0
                ? Math.Round((a - b) / (double)final.Acked * 1e6)
                : null;
            var lost = Math.Max(0, expected - final.Received);
            var ok = final.Acked == final.Sent && lost == 0 && final.OutOfOrder == 0 && final.Errors == 0 && final.Ended == 0 && final.Sent > 0;
            return new RoomsReport(
                "rooms", settings.Clients, settings.RoomSize, roomCount,
                settings.Rate is null ? "closed" : "open", settings.Rate, settings.Rate is null ? settings.Window : null,
                Math.Round(measuredSeconds, 2), settings.PayloadBytes, Math.Round(connectSeconds, 3),
                final.Sent, final.Acked, Math.Round(perSecond), expected, final.Received,
                Math.Round(measuredSeconds > 0 ? committed * (settings.RoomSize - 1) / measuredSeconds : 0),
                lost, final.OutOfOrder, final.Errors, final.Ended,
                LatencyRecorder.Summarize(_ackLatency.Snapshot()), LatencyRecorder.Summarize(_deliveryLatency.Snapshot()),
                sizeBefore, sizeAfter, bytesPerMillion, Math.Round(benchCpu, 2), server, FirstError(clients), ok);
        }
        finally
        {
            foreach (var client in clients)
            {
                client?.Close();
            }
        }
    }

    public static string RoomName(ushort runId, int room) =>
        string.Create(CultureInfo.InvariantCulture, $"#e{runId:x4}-{room}");

    public void OnFrame(RoomsClient client, ReadOnlySpan<byte> type, ReadOnlySpan<byte> line)
    {
        var member = (Member)client.Tag!;

        if (type.SequenceEqual("message"u8))
        {
            if (line.EndsWith(",\"replay\":true}"u8))
            {
                return;
            }

            var now = Stopwatch.GetTimestamp();
            if (FrameScan.TryGetInt64(line, "\"id\":"u8, out var id))
            {
                if (id <= member.LastId)
                {
                    member.OutOfOrder++;
                }

                member.LastId = id;
            }

            if (_payload.TryRead(FrameScan.RawString(line, "\"text\":\""u8), out _, out _, out var sent))
            {
                Volatile.Write(ref member.Received, member.Received + 1);
                if (sent >= Volatile.Read(ref _measureFrom))
                {
                    _deliveryLatency.Record(sent, now);
                }
            }
            else
            {
                member.Foreign++;
            }
        }
        else if (type.SequenceEqual("ack"u8))
        {
            var now = Stopwatch.GetTimestamp();
            if (FrameScan.TryGetInt64(line, "\"id\":"u8, out var id))
            {
                if (id <= member.LastId)
                {
                    member.OutOfOrder++;
                }

                member.LastId = id;
            }

            if (RoomSay.TryReadAck(line, out _, out var sent) && sent >= Volatile.Read(ref _measureFrom))
            {
                _ackLatency.Record(sent, now);
            }

            Volatile.Write(ref member.Acked, member.Acked + 1);
            if (settings.Rate is null && now < Volatile.Read(ref _sendUntil))
            {
                lock (member)
                {
                    SendNext(client, member);
                }
            }
        }
        else if (type.SequenceEqual("joined"u8))
        {
            if (FrameScan.TryGetInt64(line, "\"id\":"u8, out var id))
            {
                member.LastId = Math.Max(member.LastId, id);
            }

            Volatile.Write(ref member.JoinedSeen, member.JoinedSeen + 1);
        }
    }

    /// <summary>The <c>room</c> frame's lastId is the client's own <c>joined</c>: its ids start after it.</summary>
    public void OnRoom(RoomsClient client, RoomFrame room)
    {
        var member = (Member)client.Tag!;
        member.LastId = Math.Max(member.LastId, room.LastId);
    }

    private static void SendNext(RoomsClient client, Member member)
    {
        var seq = member.NextSeq++;
        Volatile.Write(ref member.Sent, member.Sent + 1);
        client.SendRaw(member.Say.Stamp(seq));
    }

    private Task ClosedLoopStart(RoomsClient[] clients)
    {
        foreach (var client in clients)
        {
            var member = (Member)client.Tag!;
            for (var i = 0; i < settings.Window; i++)
            {
                lock (member)
                {
                    SendNext(client, member);
                }
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>One thread sends round-robin over the clients at <paramref name="rate"/> says per second in all.</summary>
    private Task OpenLoopAsync(RoomsClient[] clients, double rate)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                var start = Stopwatch.GetTimestamp();
                long sent = 0;
                var next = 0;
                while (true)
                {
                    var now = Stopwatch.GetTimestamp();
                    if (now >= _sendUntil)
                    {
                        break;
                    }

                    var due = (long)((now - start) * rate / Stopwatch.Frequency) + 1;
                    if (sent >= due)
                    {
                        Thread.Sleep(1);
                        continue;
                    }

                    while (sent < due)
                    {
                        var client = clients[next];
                        next = next + 1 == clients.Length ? 0 : next + 1;
                        var member = (Member)client.Tag!;
                        lock (member)
                        {
                            SendNext(client, member);
                        }

                        sent++;
                    }
                }

                done.TrySetResult();
            }
            catch (Exception ex)
            {
                done.TrySetException(ex);
            }
        })
        { IsBackground = true, Name = "rooms sender" };
        thread.Start();
        return done.Task;
    }

    private async Task SettleAsync(RoomsClient[] clients, CancellationToken cancellationToken)
    {
        // In a room of n, the k-th to join sees the n - k who join after it: n (n - 1) / 2 in all.
        long expected = 0;
        for (var first = 0; first < clients.Length; first += settings.RoomSize)
        {
            long n = Math.Min(settings.RoomSize, clients.Length - first);
            expected += n * (n - 1) / 2;
        }

        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            long seen = 0;
            foreach (var client in clients)
            {
                seen += Volatile.Read(ref ((Member)client.Tag!).JoinedSeen);
            }

            if (seen >= expected)
            {
                return;
            }

            progress.Show($"[rooms] settling: {seen:N0}/{expected:N0} joined events delivered");
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }
    }

    /// <summary>Every acked message reaches every other member of its room.</summary>
    private long ExpectedDeliveries(RoomsClient[] clients)
    {
        long expected = 0;
        for (var first = 0; first < clients.Length; first += settings.RoomSize)
        {
            var n = Math.Min(settings.RoomSize, clients.Length - first);
            long roomSent = 0;
            for (var i = first; i < first + n; i++)
            {
                roomSent += Volatile.Read(ref ((Member)clients[i].Tag!).Acked);
            }

            expected += roomSent * (n - 1);
        }

        return expected;
    }

    private readonly record struct Counts(long Sent, long Acked, long Received, long OutOfOrder, long Errors, long Ended);

    private static Counts Totals(RoomsClient[] clients)
    {
        long sent = 0, acked = 0, received = 0, ooo = 0, errors = 0, ended = 0;
        foreach (var client in clients)
        {
            var member = (Member)client.Tag!;
            sent += Volatile.Read(ref member.Sent);
            acked += Volatile.Read(ref member.Acked);
            received += Volatile.Read(ref member.Received);
            ooo += Volatile.Read(ref member.OutOfOrder);
            errors += client.Errors;
            ended += client.Ended ? 1 : 0;
        }

        return new Counts(sent, acked, received, ooo, errors, ended);
    }

    private static string? FirstError(RoomsClient[] clients) =>
        clients.Select(c => c?.FirstError).FirstOrDefault(e => e is not null);
}
