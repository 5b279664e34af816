using System.Diagnostics;
using System.Globalization;
using System.Net;
using Piazza.Resilience.Tests.Support;

namespace Piazza.Resilience.Tests;

/// <summary>
/// Acknowledged means durable (docs/protocol.md §9), proven on the real process: the built server
/// runs as a child with a SQLite store, many clients chat as fast as it takes them, and the server
/// is killed with SIGKILL at a random moment, several times in a row, each time restarted on the
/// same data directory and port. After each restart the history is read back through the protocol
/// and held against everything the clients were told; then the clients resend what was never
/// acknowledged, with the same refs, and the history is read again.
/// </summary>
public sealed class CrashSafetyTests(ITestOutputHelper output)
{
    private static readonly string[] ChatRooms = ["#north", "#south", "#east", "#west"];
    private static readonly string[] AllRooms = [.. ChatRooms, Chatter.DefaultRoom];

    /// <summary>Protocol 2 members, each in two of the four rooms; the first eight also in #piazza, the first four in a direct conversation.</summary>
    private const int Version2Clients = 36;

    /// <summary>Version 1 members, in #piazza.</summary>
    private const int Version1Clients = 6;

    /// <summary>Messages each client may have unanswered at once.</summary>
    private const int Window = 8;

    [Theory]
    [InlineData("full", 4)]
    [InlineData("normal", 3)]
    public async Task A_server_killed_with_SIGKILL_under_load_keeps_every_acknowledged_message_shows_no_phantom_reuses_no_id_and_stores_each_resent_message_once(
        string sync, int kills)
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("PIAZZA_CRASH_SEED"), CultureInfo.InvariantCulture, out var given)
            ? given
            : Random.Shared.Next();
        output.WriteLine($"crash seed {seed} (PIAZZA_CRASH_SEED={seed} replays the kill points)");
        var random = new Random(seed);
        var test = $"crash safety, --sync {sync}";

        var chatters = NewChatters();
        var auditor = new Chatter("auditor", 2, AllRooms, []);
        Chatter[] everyone = [.. chatters, auditor];
        (Chatter Reader, string Room)[] readers =
        [
            .. AllRooms.Select(r => (auditor, r)),
            (chatters[0], "@" + chatters[1].Name),
            (chatters[2], "@" + chatters[3].Name),
        ];

        var dataDirectory = Directory.CreateTempSubdirectory("piazza-crash-").FullName;
        var port = Ports.Free();
        var endPoint = new IPEndPoint(IPAddress.Loopback, port);
        string[] arguments =
        [
            "--port", port.ToString(CultureInfo.InvariantCulture), "--data-dir", dataDirectory, "--sync", sync,
            // Flood control out of the way: clients send as fast as the server takes their messages.
            "--rate-burst", "1000", "--rate-per-second", "100000",
            // Nobody is evicted as slow while the test's clients read the flood on a shared machine.
            "--sendq-bytes", "268435456",
        ];

        var truth = new Dictionary<(string Room, long Id), string>();
        var totals = (Acked: 0, Resent: 0, AlreadyStored: 0);
        var server = ServerProcess.Start(arguments);
        var clock = Stopwatch.StartNew();
        try
        {
            await server.WaitUntilListeningAsync();
            await Task.WhenAll(everyone.Select(c => c.ConnectAsync(endPoint)));

            for (var kill = 1; kill <= kills; kill++)
            {
                var ackedBefore = chatters.Sum(c => c.Acks.Count);
                var load = TimeSpan.FromMilliseconds(random.Next(300, 2001));
                using (var stop = new CancellationTokenSource())
                {
                    var senders = chatters.Select(c => c.RunLoadAsync(Window, stop.Token)).ToList();

                    // The kill point: a random moment of full load (this delay picks it; nothing waits on it for correctness).
                    await Task.Delay(load, TestContext.Current.CancellationToken);
                    server.Signal(Signals.SigKill);
                    await server.WaitForExitAsync();
                    await stop.CancelAsync();
                    await Task.WhenAll(senders).WaitAsync(Eventually.DefaultTimeout, TestContext.Current.CancellationToken);
                }

                await Task.WhenAll(everyone.Select(c => c.DropAsync()));
                Assert.Equal(137, server.Process.ExitCode);
                await server.DisposeAsync();

                var acked = chatters.Sum(c => c.Acks.Count) - ackedBefore;
                var sent = chatters.Sum(c => c.Sent.Count);

                server = ServerProcess.Start(arguments);
                await server.WaitUntilListeningAsync();
                var replayedBefore = everyone.Where(c => c.Protocol == 2).Sum(c => c.Replayed);
                var roomFramesBefore = everyone.ToDictionary(c => c, c => c.RoomFrames.Count);

                // Protocol 2 members come back with their cursors: they must be sent exactly what they missed.
                await Task.WhenAll(everyone.Select(c => c.ConnectAsync(endPoint, withCursors: true)));
                var replayed = everyone.Where(c => c.Protocol == 2).Sum(c => c.Replayed) - replayedBefore;

                // Before any resend: what clients were told holds, and nothing else is there.
                var before = await HistoryAudit.ReadAsync(readers, everyone, truth, expectEverySent: false);

                // Each client resends what it never saw acknowledged, with the same ref.
                var resends = await Task.WhenAll(chatters.Select(async c =>
                    await Task.WhenAll(c.Unacknowledged.Select(async o => (Client: c, Message: o, Answer: await c.SendAsync(o))))));
                var answers = resends.SelectMany(r => r).ToList();
                var refused = answers.Where(a => a.Answer is not AckFrame).ToList();
                var alreadyStored = 0;
                var wrongOriginal = new List<string>();
                foreach (var (client, message, answer) in answers)
                {
                    if (answer is not AckFrame ack || before.Find(message.Text) is not { } original)
                    {
                        continue;
                    }

                    alreadyStored++;
                    if (client.Canonical(ack.Room) != original.Room || ack.Id != original.Id || ack.Ts.ToUnixTimeMilliseconds() != original.TsMs)
                    {
                        wrongOriginal.Add($"{client.Name}'s {message.Ref} stored as {original.Room} #{original.Id}, resend acked as {ack.Room} #{ack.Id}");
                    }
                }

                // After the resends: every message sent, ever, is stored exactly once.
                var after = await HistoryAudit.ReadAsync(readers, everyone, truth, expectEverySent: true);

                // Every protocol 2 member's view of each of its histories, across every restart so far:
                // each event received once, no gap from its first join on, one epoch, no truncated catch-up.
                var views = new List<string>();
                foreach (var chatter in everyone.Where(c => c.Protocol == 2))
                {
                    foreach (var room in chatter.Rooms.Select(chatter.Canonical))
                    {
                        var (received, known) = chatter.ViewOf(room);
                        var repeats = received.Count - received.Distinct().Count();
                        var missing = known.Count == 0 ? 0 : known.Max() - known.Min() + 1 - known.Count;
                        if (repeats != 0 || missing != 0 || chatter.EpochsOf(room).Count != 1)
                        {
                            views.Add($"{chatter.Name} in {room}: {repeats} events received twice, {missing} ids missing between {known.Min()} and {known.Max()}, epochs {string.Join(" ", chatter.EpochsOf(room))}");
                        }
                    }

                    views.AddRange(chatter.RoomFrames.Skip(roomFramesBefore[chatter]).Where(r => r.Truncated)
                        .Select(r => $"{chatter.Name}'s catch-up of {r.Room} was truncated"));
                }

                totals = (totals.Acked + acked, totals.Resent + answers.Count, totals.AlreadyStored + alreadyStored);
                Figures.Report(output, test,
                    $"kill {kill} of {kills} after {load.TotalSeconds:0.00} s of load: {acked:N0} acked (of {sent:N0} sent so far), " +
                    $"lost {before.Lost}, phantoms {before.Phantoms}, duplicates {after.Duplicates}; resent {answers.Count} unacknowledged " +
                    $"({alreadyStored} already stored and acked with their original id, {answers.Count - alreadyStored - refused.Count} stored now); " +
                    $"{after.EventCount:N0} events in {after.Histories} histories read back, ids dense; " +
                    $"{replayed:N0} events caught up after the cursors of protocol 2 members, each once, no gap");

                var problems = before.Problems.Concat(after.Problems).Concat(wrongOriginal).Concat(views)
                    .Concat(refused.Select(r => $"{r.Client.Name}'s resend of {r.Message.Ref} answered {r.Answer}"))
                    .Concat(everyone.SelectMany(c => c.Errors.Select(e => $"{c.Name} got {e}")))
                    .Take(20).ToList();
                var detail = string.Join(Environment.NewLine, problems);
                Assert.True(acked > 0, "No message was acknowledged before the kill: the load never started.");
                Assert.True(before.Lost == 0, $"{before.Lost} acknowledged messages lost:{Environment.NewLine}{detail}");
                Assert.True(before.Phantoms == 0, $"{before.Phantoms} phantom messages:{Environment.NewLine}{detail}");
                Assert.True(before.OtherEventsUnmatched + after.OtherEventsUnmatched == 0, $"Received joins or departures not in the history:{Environment.NewLine}{detail}");
                Assert.True(before.Changed + after.Changed == 0, $"Events changed or gone between reads (an id reused):{Environment.NewLine}{detail}");
                Assert.True(before.Gaps + after.Gaps == 0, $"Ids not dense:{Environment.NewLine}{detail}");
                Assert.True(before.Duplicates + after.Duplicates == 0, $"Duplicates:{Environment.NewLine}{detail}");
                Assert.True(after.Lost == 0 && after.Phantoms == 0 && after.Missing == 0, $"After the resends, {after.Lost} lost, {after.Phantoms} phantoms, {after.Missing} missing:{Environment.NewLine}{detail}");
                Assert.True(refused.Count == 0 && wrongOriginal.Count == 0, $"Resends refused or acked with another id:{Environment.NewLine}{detail}");
                Assert.True(views.Count == 0, $"Members' views after catching up:{Environment.NewLine}{detail}");
                Assert.True(problems.Count == 0, detail);
            }

            Figures.Report(output, test,
                $"{kills} kills in {clock.Elapsed.TotalSeconds:0.0} s: {totals.Acked:N0} acked, lost 0, phantoms 0, duplicates 0; " +
                $"{totals.Resent} resent, of which {totals.AlreadyStored} had been stored before the kill without their ack reaching the sender");
        }
        finally
        {
            foreach (var chatter in everyone)
            {
                await chatter.DisposeAsync();
            }

            await server.DisposeAsync();
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task A_message_resent_after_a_crash_is_acknowledged_with_its_original_id_even_where_it_could_not_be_sent_now()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("piazza-crash-").FullName;
        var port = Ports.Free();
        var endPoint = new IPEndPoint(IPAddress.Loopback, port);
        string[] arguments = ["--port", port.ToString(CultureInfo.InvariantCulture), "--data-dir", dataDirectory];
        var alice = new Chatter("alice", 2, ["#north"], ["#north"]);
        var bob = new Chatter("bob", 2, [], []);
        var server = ServerProcess.Start(arguments);
        try
        {
            await server.WaitUntilListeningAsync();
            await alice.ConnectAsync(endPoint);
            await bob.ConnectAsync(endPoint);
            var direct = Assert.IsType<AckFrame>(await alice.SayAsync("@bob", "before the crash, to bob"));
            var inRoom = Assert.IsType<AckFrame>(await alice.SayAsync("#north", "before the crash, in #north"));
            var reply = Assert.IsType<AckFrame>(await bob.SayAsync("@alice", "before the crash, to alice"));

            // The acks reached alice, but she cannot know that they did: the server dies, she comes back first.
            server.Signal(Signals.SigKill);
            await server.WaitForExitAsync();
            await alice.DropAsync();
            await bob.DropAsync();
            await server.DisposeAsync();
            server = ServerProcess.Start(arguments);
            await server.WaitUntilListeningAsync();
            await alice.ConnectAsync(endPoint, rooms: []);

            // Bob is not connected and alice is in no room, yet both messages were accepted before: both are acked as then.
            var sent = alice.Sent;
            var directAgain = await alice.SendAsync(sent[0]);
            var inRoomAgain = await alice.SendAsync(sent[1]);
            output.WriteLine($"resent to @bob: {directAgain}");
            output.WriteLine($"resent to #north: {inRoomAgain}");
            Assert.Equal(direct with { }, Assert.IsType<AckFrame>(directAgain));
            Assert.Equal(inRoom with { }, Assert.IsType<AckFrame>(inRoomAgain));

            // Something new to bob while he is away is still refused, and nothing was stored twice.
            var refused = Assert.IsType<ErrorFrame>(await alice.SayAsync("@bob", "after the crash, to bob"));
            Assert.Equal(ErrorCodes.NoSuchUser, refused.Code);
            await bob.ConnectAsync(endPoint);
            Assert.IsType<AckFrame>(await alice.SendAsync(sent[0]));

            // Now alice is away and bob resends: his ack names the conversation as he sees it.
            await alice.SendFrameAsync(ByeFrame.Instance);
            await alice.DropAsync();
            var replyAgain = await bob.SendAsync(bob.Sent[0]);
            output.WriteLine($"resent to @alice: {replyAgain}");
            Assert.Equal(reply with { }, Assert.IsType<AckFrame>(replyAgain));
            var history = await bob.ReadHistoryAsync("@alice");
            Assert.Equal(["before the crash, to bob", "before the crash, to alice"], history.OfType<MessageFrame>().Select(m => m.Text));
        }
        finally
        {
            await alice.DisposeAsync();
            await bob.DisposeAsync();
            await server.DisposeAsync();
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    /// <summary>
    /// 36 protocol 2 members in two rooms each (the first eight also in #piazza, the first four
    /// writing to each other in two direct conversations) and 6 version 1 members in #piazza.
    /// </summary>
    private static List<Chatter> NewChatters()
    {
        var chatters = new List<Chatter>();
        for (var i = 0; i < Version2Clients; i++)
        {
            List<string> rooms = [ChatRooms[i % ChatRooms.Length], ChatRooms[(i + 1) % ChatRooms.Length]];
            if (i < 8)
            {
                rooms.Add(Chatter.DefaultRoom);
            }

            List<string> targets = [.. rooms];
            if (i < 4)
            {
                // The conversation is joined in the hello too, so that it is caught up after a restart.
                targets.Add($"@two{i ^ 1:00}");
                rooms.Add($"@two{i ^ 1:00}");
            }

            chatters.Add(new Chatter($"two{i:00}", 2, rooms, targets));
        }

        for (var i = 0; i < Version1Clients; i++)
        {
            chatters.Add(new Chatter($"one{i:00}", 1, [], [Chatter.DefaultRoom]));
        }

        return chatters;
    }
}
