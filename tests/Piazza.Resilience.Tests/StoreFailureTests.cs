using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Piazza.Resilience.Tests.Support;

namespace Piazza.Resilience.Tests;

/// <summary>
/// A store that cannot be written (docs/protocol.md §9, §15 "Store trouble"), on the real server
/// process with its SQLite store: while people chat, the database becomes unwritable, once because
/// another connection holds the write lock and once because its filesystem is full. Meanwhile
/// every write (say, direct say, topic, join, hello) is refused with <c>store_unavailable</c> and
/// nothing is acknowledged or broadcast to anyone. Then the store recovers and the same process
/// serves as before: the departures of people who left meanwhile are announced, once, and the
/// history holds every acknowledged message and none of the refused ones.
/// </summary>
public sealed class StoreFailureTests(ITestOutputHelper output)
{
    private const int TmpfsMiB = 8;

    [Fact]
    public async Task While_another_connection_holds_the_database_write_lock_writes_get_store_unavailable_and_service_returns_without_a_restart()
    {
        var directory = Directory.CreateTempSubdirectory("piazza-locked-").FullName;
        try
        {
            var port = Ports.Free();
            await using var server = ServerProcess.Start(Arguments(port, directory));
            await server.WaitUntilListeningAsync();
            var database = Path.Combine(directory, "piazza.db");
            SqliteConnection? holder = null;
            var figure = await RunOutageAsync(server, port,
                breakStore: () =>
                {
                    holder = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false }.ToString());
                    holder.Open();
                    Execute(holder, "PRAGMA busy_timeout = 10000");
                    Execute(holder, "BEGIN IMMEDIATE");
                    return "another connection holds the write lock (BEGIN IMMEDIATE)";
                },
                repairStore: () =>
                {
                    Execute(holder!, "ROLLBACK");
                    holder!.Dispose();
                    return "the lock released";
                });
            Figures.Report(output, "store write-locked", figure);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task When_the_filesystem_under_the_database_is_full_writes_get_store_unavailable_and_service_returns_once_space_is_freed()
    {
        var mountPoint = Directory.CreateTempSubdirectory("piazza-full-").FullName;
        try
        {
            await SkipUnlessATmpfsCanBeMountedAsync(mountPoint);
            var port = Ports.Free();

            // The server in a mount namespace of its own, its data directory a small tmpfs there.
            await using var server = ServerProcess.Start(Arguments(port, mountPoint), command =>
            [
                "unshare", "--mount", "--propagation", "private",
                "sh", "-c", $"mount -t tmpfs -o size={TmpfsMiB}m piazza-test \"$0\" && exec \"$@\"", mountPoint, .. command,
            ]);
            await server.WaitUntilListeningAsync();

            // The test sees the tmpfs through the server's own root; on the host the directory stays empty.
            var inside = $"/proc/{server.Process.Id}/root{mountPoint}";
            Assert.True(File.Exists(Path.Combine(inside, "piazza.db")), $"No database in the server's tmpfs at {inside}.");
            Assert.Empty(Directory.GetFileSystemEntries(mountPoint));

            var filler = Path.Combine(inside, "filler");
            var figure = await RunOutageAsync(server, port,
                breakStore: () => $"the {TmpfsMiB} MiB tmpfs under the database filled up ({Figures.Mib(Fill(filler))} of filler)",
                repairStore: () =>
                {
                    File.Delete(filler);
                    return "the filler deleted";
                });
            Figures.Report(output, "store on a full filesystem", figure);
        }
        finally
        {
            Directory.Delete(mountPoint, recursive: true);
        }
    }

    /// <summary>
    /// People chat, the store breaks, every kind of write is tried and refused, three people vanish
    /// (two of them come back at once) and one says goodbye; then the store is repaired and
    /// everything is checked. Returns the figure.
    /// </summary>
    private static async Task<string> RunOutageAsync(ServerProcess server, int port, Func<string> breakStore, Func<string> repairStore)
    {
        var endPoint = new IPEndPoint(IPAddress.Loopback, port);
        var watcher = new Chatter("watcher", 2, ["#ops", Chatter.DefaultRoom], []) { KeepFrames = true };
        var alice = new Chatter("alice", 2, ["#ops", Chatter.DefaultRoom], ["#ops"]) { KeepFrames = true };
        var bob = new Chatter("bob", 2, ["#ops"], ["#ops"]) { KeepFrames = true };
        var carol = new Chatter("carol", 1, [], [Chatter.DefaultRoom]) { KeepFrames = true };
        var dave = new Chatter("dave", 2, ["#ops"], ["#ops"]) { KeepFrames = true };
        var erin = new Chatter("erin", 1, [], [Chatter.DefaultRoom]) { KeepFrames = true };
        var hank = new Chatter("hank", 2, ["#ops"], ["#ops"]) { KeepFrames = true };
        var ivan = new Chatter("ivan", 2, ["#ops"], ["#ops"]) { KeepFrames = true };
        var gina = new Chatter("gina", 2, ["#ops"], ["#ops"]) { KeepFrames = true };
        Chatter[] people = [watcher, alice, bob, carol, dave, erin, hank, ivan, gina];
        Chatter[] talkers = [alice, bob, carol, dave, erin, gina, hank];

        // Four more talk without pause in a room of their own, before, through and after the outage.
        var busy = Enumerable.Range(0, 4).Select(i => new Chatter($"busy{i}", 2, ["#busy"], ["#busy"])).ToArray();
        Chatter[] everyone = [.. people, .. busy];
        using var stopBusy = new CancellationTokenSource();
        var busyLoad = new List<Task>();
        RawClient? erinBack = null;
        RawClient? ginaBack = null;
        try
        {
            foreach (var chatter in everyone)
            {
                await chatter.ConnectAsync(endPoint);
            }

            busyLoad.AddRange(busy.Select(b => b.RunLoadAsync(window: 1, stopBusy.Token)));
            await Eventually.TrueAsync(() => busy.All(b => b.Acks.Count > 0), what: "every busy member to be acknowledged");

            // Normal service first.
            foreach (var talker in talkers)
            {
                for (var i = 0; i < 2; i++)
                {
                    Assert.IsType<AckFrame>(await talker.SayAsync(null));
                }
            }

            Assert.IsType<AckFrame>(await alice.SayAsync("@bob"));
            await Eventually.TrueAsync(() => watcher.Seen.Count(s => s.IsMessage) >= talkers.Length * 2, what: "the watcher to see every message");
            await bob.WaitForAsync<MessageFrame>(m => m.Room == "@alice");

            var marks = people.ToDictionary(c => c, c => c.Frames.Count);
            var broken = breakStore();
            var outage = Stopwatch.StartNew();

            // Three people vanish and one says goodbye while nothing can be stored; two of them come back at once.
            dave.Vanish();
            erin.Vanish();
            gina.Vanish();
            await hank.SendFrameAsync(ByeFrame.Instance);
            erinBack = await RawClient.ConnectAsync(port);
            ginaBack = await RawClient.ConnectAsync(port);

            // Every kind of write at once, each from its own connection (a connection's frames are taken one at a time).
            async Task<(string What, TimeSpan Took)[]> AliceAsync() =>
                [await RefusedAsync("say", e => e.Ref is not null && e.Room == "#ops", () => alice.SayAsync("#ops"))];

            async Task<(string What, TimeSpan Took)[]> WatcherAsync() =>
            [
                await RefusedAsync("topic", e => e.Ref is null && e.Room == "#ops",
                    () => RequestAsync(watcher, new TopicFrame("#ops", "set during the outage"), "#ops")),
            ];

            async Task<(string What, TimeSpan Took)[]> BobAsync() =>
                [await RefusedAsync("direct say", e => e.Ref is not null && e.Room == "@alice", () => bob.SayAsync("@alice"))];

            async Task<(string What, TimeSpan Took)[]> IvanAsync() =>
                [await RefusedAsync("join of a new room", e => e.Room == "#new", () => RequestAsync(ivan, new JoinFrame("#new"), "#new"))];

            async Task<(string What, TimeSpan Took)[]> CarolAsync() =>
                [await RefusedAsync("version 1 say", e => e.Ref is not null && e.Room is null, () => carol.SayAsync(null))];

            async Task<(string What, TimeSpan Took)[]> ErinAsync() =>
            [
                await RefusedAsync("version 1 hello", e => e.Room is null, async () =>
                {
                    await erinBack.SendAsync(new HelloFrame("erin", Client: "piazza-tests"));
                    return await erinBack.ExpectAsync<Frame>(f => f is WelcomeFrame or ErrorFrame, TimeSpan.FromSeconds(20));
                }),
            ];

            async Task<(string What, TimeSpan Took)[]> GinaAsync() =>
            [
                await RefusedAsync("version 2 hello's room", e => e.Room == "#ops", async () =>
                {
                    await ginaBack.SendAsync(new HelloFrame("gina", Protocol: 2, Client: "piazza-tests",
                        Rooms: new Dictionary<string, RoomCursor> { ["#ops"] = RoomCursor.None }));
                    await ginaBack.ExpectAsync<WelcomeFrame>();
                    return await ginaBack.ExpectAsync<Frame>(f => f is RoomFrame or ErrorFrame, TimeSpan.FromSeconds(20));
                }),
            ];

            var refusals = await Task.WhenAll(AliceAsync(), WatcherAsync(), BobAsync(), IvanAsync(), CarolAsync(), ErinAsync(), GinaAsync());
            var refused = refusals.SelectMany(r => r).ToList();

            // The outage lasts until each busy member has been refused too.
            await Eventually.TrueAsync(() => busy.All(b => b.Errors.Count > 0), TimeSpan.FromSeconds(20), "every busy member to be refused");

            // Nothing acknowledged, nothing broadcast, to anyone: only the refusals (and pings) arrived.
            var noise = people
                .SelectMany(c => c.Frames.Skip(marks[c]).Where(f => f is not PingFrame and not ErrorFrame { Code: ErrorCodes.StoreUnavailable })
                    .Select(f => $"{c.Name} got {f}"))
                .Concat(ginaBack.Received.Where(f => f is not WelcomeFrame and not PingFrame and not ErrorFrame { Code: ErrorCodes.StoreUnavailable }).Select(f => $"gina got {f}"))
                .Concat(erinBack.Received.Where(f => f is not PingFrame and not ErrorFrame { Code: ErrorCodes.StoreUnavailable }).Select(f => $"erin got {f}"))
                .ToList();
            Assert.True(noise.Count == 0, "During the outage: " + string.Join(Environment.NewLine, noise));
            var outageSeconds = outage.Elapsed.TotalSeconds;
            Assert.False(server.Process.HasExited);

            var busyAcksAtRepair = busy.Select(b => b.Acks.Count).ToArray();
            var repaired = repairStore();
            var sinceRepair = Stopwatch.StartNew();

            // Normal service, without a restart.
            var backAt = await AckedAsync(alice.SayAsync("#ops"), sinceRepair);

            // The busy members are served again; they stop (so the WAL stops growing), and every message of theirs was answered.
            await Eventually.TrueAsync(() => busy.Select((b, i) => b.Acks.Count > busyAcksAtRepair[i]).All(x => x), what: "every busy member to be acknowledged again");
            await stopBusy.CancelAsync();
            await Task.WhenAll(busyLoad);
            await Eventually.TrueAsync(() => busy.All(b => b.Unanswered.Count == 0), what: "every busy message to be answered");
            Assert.All(busy.SelectMany(b => b.Errors), e => Assert.Equal(ErrorCodes.StoreUnavailable, e.Code));

            await watcher.WaitForAsync<MessageFrame>(m => m.From == "alice", marks[watcher]);
            await AckedAsync(bob.SayAsync("@alice"), sinceRepair);
            await alice.WaitForAsync<MessageFrame>(m => m.From == "bob" && m.Room == "@bob", marks[alice]);
            await AckedAsync(carol.SayAsync(null), sinceRepair);
            await watcher.WaitForAsync<MessageFrame>(m => m.From == "carol", marks[watcher]);
            await alice.SendFrameAsync(new TopicFrame("#ops", "set after the outage"));
            await watcher.WaitForAsync<TopicFrame>(t => t.Topic == "set after the outage", marks[watcher]);
            await ivan.SendFrameAsync(new JoinFrame("#new"));
            await ivan.WaitForAsync<RoomFrame>(r => r.Room == "#new", marks[ivan]);

            // Those who came back during the outage get in now.
            await erinBack.JoinAsync("erin");
            await ginaBack.SendAsync(new JoinFrame("#ops"));
            await ginaBack.ExpectAsync<RoomFrame>(r => r.Room == "#ops");
            var erinJoined = await watcher.WaitForAsync<JoinedFrame>(j => j.User == "erin", marks[watcher]);
            var ginaJoined = await watcher.WaitForAsync<JoinedFrame>(j => j.User == "gina", marks[watcher]);

            // Who left meanwhile is announced once the store takes writes again: late, never lost.
            var lefts = await Task.WhenAll(
                watcher.WaitForAsync<LeftFrame>(l => l.User == "dave", marks[watcher], TimeSpan.FromSeconds(30)),
                watcher.WaitForAsync<LeftFrame>(l => l.User == "erin", marks[watcher], TimeSpan.FromSeconds(30)),
                watcher.WaitForAsync<LeftFrame>(l => l.User == "gina", marks[watcher], TimeSpan.FromSeconds(30)),
                watcher.WaitForAsync<LeftFrame>(l => l.User == "hank", marks[watcher], TimeSpan.FromSeconds(30)));
            var departuresAt = sinceRepair.Elapsed;
            Assert.Equal([LeaveReasons.Lost, LeaveReasons.Lost, LeaveReasons.Lost, LeaveReasons.Quit], lefts.Select(l => l.Reason));

            // Who came back is seen leaving (the old connection) before joining (the new one), so every member list ends with them present.
            Assert.True(lefts[1].Id < erinJoined.Id, $"erin's old connection left as #{lefts[1].Id}, after her return joined as #{erinJoined.Id}");
            Assert.True(lefts[2].Id < ginaJoined.Id, $"gina's old connection left as #{lefts[2].Id}, after her return joined as #{ginaJoined.Id}");
            Assert.Contains("erin", await WhoAsync(watcher, Chatter.DefaultRoom));
            Assert.Contains("gina", await WhoAsync(watcher, "#ops"));
            await hank.Client!.Completion.WaitAsync(Eventually.DefaultTimeout);

            // A round trip after the departures, then each is counted: announced once.
            var last = alice.Sent.Count;
            await AckedAsync(alice.SayAsync("#ops"), sinceRepair);
            var lastText = alice.Sent[last].Text;
            await watcher.WaitForAsync<MessageFrame>(m => m.Text == lastText, marks[watcher]);
            foreach (var name in new[] { "dave", "erin", "gina", "hank" })
            {
                Assert.Single(watcher.Frames.OfType<LeftFrame>(), l => l.User == name);
            }

            // The history: everything acknowledged and received, none of the refused, each departure once.
            var audit = await HistoryAudit.ReadAsync(
                [(watcher, "#ops"), (watcher, Chatter.DefaultRoom), (alice, "@bob"), (ivan, "#new"), (busy[0], "#busy")],
                everyone,
                truth: [],
                expectEverySent: false);
            var detail = string.Join(Environment.NewLine, audit.Problems);
            Assert.True(audit.Lost + audit.Phantoms + audit.OtherEventsUnmatched + audit.Gaps + audit.Duplicates == 0, detail);
            var refusedTexts = talkers.SelectMany(t => t.Unacknowledged).Select(o => o.Text).ToList();
            Assert.Equal(3, refusedTexts.Count);
            var busyRefused = busy.SelectMany(b => b.Unacknowledged).Select(o => o.Text).ToList();
            var busyAcked = busy.Sum(b => b.Acks.Count);
            refusedTexts.AddRange(busyRefused);
            var stored = audit.Events.OfType<MessageFrame>().Select(m => m.Text).ToHashSet(StringComparer.Ordinal);
            Assert.DoesNotContain(refusedTexts, stored.Contains);
            Assert.DoesNotContain(audit.Events.OfType<TopicFrame>(), t => t.Topic == "set during the outage");
            foreach (var name in new[] { "dave", "erin", "gina", "hank" })
            {
                Assert.Single(audit.Events.OfType<LeftFrame>(), l => l.User == name);
            }

            Assert.False(server.Process.HasExited);
            var failing = Regex.Match(server.Stdout, @"cannot be written \((?<reason>[^)]*)\); appends are refused until it can");
            Assert.True(failing.Success, "The store never logged that it could not be written:" + Environment.NewLine + server.Stdout);
            Assert.Contains("can be written again", server.Stdout, StringComparison.Ordinal);

            return $"{broken} (the server logged '{failing.Groups["reason"].Value}'): {refused.Count} writes refused with store_unavailable " +
                $"({string.Join(", ", refused.Select(r => $"{r.What} in {r.Took.TotalSeconds:0.00} s"))}); " +
                $"no ack and no broadcast to anyone during the {outageSeconds:0.0} s outage; after {repaired}, the same process " +
                $"acked the next message in {backAt.TotalMilliseconds:0} ms and announced the 4 departures of the outage (3 lost, 1 quit) " +
                $"within {departuresAt.TotalSeconds:0.0} s, each once; 4 members talking throughout in #busy had {busyAcked} messages acked and {busyRefused.Count} refused; " +
                $"the history holds the {audit.Events.OfType<MessageFrame>().Count()} acked messages and none of the {refusedTexts.Count} refused";
        }
        finally
        {
            await stopBusy.CancelAsync();
            foreach (var chatter in everyone)
            {
                await chatter.DisposeAsync();
            }

            if (erinBack is not null)
            {
                await erinBack.DisposeAsync();
            }

            if (ginaBack is not null)
            {
                await ginaBack.DisposeAsync();
            }
        }
    }

    /// <summary>Runs an attempt that must be refused with store_unavailable matching <paramref name="expected"/>; returns how long the refusal took.</summary>
    private static async Task<(string What, TimeSpan Took)> RefusedAsync(string what, Func<ErrorFrame, bool> expected, Func<Task<Frame>> attempt)
    {
        var clock = Stopwatch.StartNew();
        var answer = await attempt();
        var took = clock.Elapsed;
        var error = Assert.IsType<ErrorFrame>(answer, exactMatch: true);
        Assert.True(error.Code == ErrorCodes.StoreUnavailable && expected(error), $"{what}: {error}");
        return (what, took);
    }

    /// <summary>Sends <paramref name="request"/> and waits for the error naming <paramref name="room"/>.</summary>
    private static async Task<Frame> RequestAsync(Chatter chatter, Frame request, string room)
    {
        var from = chatter.Frames.Count;
        await chatter.SendFrameAsync(request);
        return await chatter.WaitForAsync<Frame>(f => f is ErrorFrame e && e.Room == room || f is RoomFrame r && r.Room == room, from, TimeSpan.FromSeconds(20));
    }

    /// <summary>The members of <paramref name="room"/>, asked with <c>who</c>.</summary>
    private static async Task<IReadOnlyList<string>> WhoAsync(Chatter chatter, string room)
    {
        var from = chatter.Frames.Count;
        await chatter.SendFrameAsync(new WhoFrame(room));
        return (await chatter.WaitForAsync<UsersFrame>(u => u.Room == room, from)).Users;
    }

    /// <summary>Waits for an ack; returns the time since <paramref name="since"/> started.</summary>
    private static async Task<TimeSpan> AckedAsync(Task<Frame> say, Stopwatch since)
    {
        var answer = await say;
        Assert.True(answer is AckFrame, $"Expected an ack after the store recovered, got {answer}");
        return since.Elapsed;
    }

    private static string[] Arguments(int port, string dataDirectory) =>
    [
        "--port", port.ToString(CultureInfo.InvariantCulture), "--data-dir", dataDirectory,
        // The busy members send at most 20 messages a second each, so the WAL grows slowly in the tmpfs.
        "--rate-burst", "20", "--rate-per-second", "20",
    ];

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Writes zeros to <paramref name="path"/> until the filesystem has no room left; returns the file's size.</summary>
    private static long Fill(string path)
    {
        var block = new byte[64 * 1024];
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
        foreach (var size in new[] { block.Length, 4096 })
        {
            while (true)
            {
                try
                {
                    file.Write(block, 0, size);
                }
                catch (IOException)
                {
                    break;
                }
            }
        }

        return file.Length;
    }

    private static async Task SkipUnlessATmpfsCanBeMountedAsync(string mountPoint)
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Skip("Mount namespaces need Linux.");
        }

        if (!Environment.IsPrivilegedProcess)
        {
            Assert.Skip("Mounting a tmpfs in a mount namespace of its own needs root.");
        }

        var probe = new ProcessStartInfo("unshare")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--mount", "--propagation", "private", "sh", "-c", "mount -t tmpfs -o size=1m piazza-probe \"$0\"", mountPoint })
        {
            probe.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(probe)!;
            var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            if (process.ExitCode != 0)
            {
                Assert.Skip($"Cannot mount a tmpfs in a new mount namespace here (unshare and mount need CAP_SYS_ADMIN): {(await stderr).Trim()}");
            }
        }
        catch (Win32Exception ex)
        {
            Assert.Skip($"unshare is not available (util-linux): {ex.Message}");
        }
    }
}
