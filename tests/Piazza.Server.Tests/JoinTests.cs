namespace Piazza.Server.Tests;

/// <summary>Protocol §2: hello, welcome, joined, and the name rules.</summary>
public sealed class JoinTests
{
    [Fact]
    public async Task The_welcome_lists_everyone_carries_the_limits_and_lastId_is_the_newcomers_own_joined_id()
    {
        await using var server = await TestServer.StartAsync(o => o with
        {
            PingInterval = TimeSpan.FromSeconds(7),
            Timeout = TimeSpan.FromSeconds(21),
        });
        await using var alice = await server.JoinAsync("alice");
        await using var bob = await server.ConnectAsync();

        var welcome = await bob.JoinAsync("bob");
        var joined = await alice.ExpectAsync<JoinedFrame>();

        Assert.Equal("bob", welcome.User);
        Assert.Equal(["alice", "bob"], welcome.Users.Order());
        Assert.Equal("bob", joined.User);
        Assert.Equal(joined.Id, welcome.LastId);
        Assert.False(string.IsNullOrWhiteSpace(welcome.Session));
        // Version 2 added the flood-control rate, so clients can pace themselves (protocol §6).
        Assert.Equal(new ServerLimits(2000, 16384, 7000, 21000, 10, 5), welcome.Limits);
        Assert.Equal(2, server.Server.MemberCount);
    }

    [Fact]
    public async Task A_hello_without_protocol_means_protocol_1_and_protocol_1_is_accepted()
    {
        await using var server = await TestServer.StartAsync();
        await using var first = await server.ConnectAsync();
        await using var second = await server.ConnectAsync();

        await first.SendLineAsync("""{"type":"hello","user":"nover"}""");
        await second.SendLineAsync("""{"type":"hello","user":"one","protocol":1}""");

        Assert.Equal("nover", (await first.ExpectAsync<WelcomeFrame>()).User);
        Assert.Equal("one", (await second.ExpectAsync<WelcomeFrame>()).User);
    }

    [Fact]
    public async Task A_client_that_connects_and_closes_before_hello_leaves_no_trace()
    {
        await using var server = await TestServer.StartAsync();
        await using var watcher = await server.JoinAsync("watcher");

        // One closes politely, one resets, one sends half a hello and closes.
        var quiet = await server.ConnectAsync();
        await quiet.DisposeAsync();
        var reset = await server.ConnectAsync();
        reset.Reset();
        var half = await server.ConnectAsync();
        await half.SendRawAsync("{\"type\":\"hel"u8.ToArray());
        await half.DisposeAsync();

        await Eventually.TrueAsync(() => server.Server.ConnectionCount == 1, what: "only the watcher's connection to remain");
        await using var alice = await server.JoinAsync("alice");
        await using var bob = await server.JoinAsync("bob");
        await bob.SayAsync("hello after the ghosts");
        Assert.Equal("hello after the ghosts", (await alice.ExpectAsync<MessageFrame>()).Text);

        Assert.Equal(3, server.Server.ConnectionCount);
        Assert.Equal(3, server.Server.MemberCount);
        var watched = await watcher.FramesUntilAsync<MessageFrame>();
        Assert.Equal(["alice", "bob"], watched.OfType<JoinedFrame>().Select(j => j.User));
        Assert.Empty(watched.OfType<LeftFrame>());
        Assert.Empty(server.Logs.Problems);
    }

    [Fact]
    public async Task A_hello_read_just_as_the_connection_fails_never_leaves_a_ghost_member()
    {
        await using var server = await TestServer.StartAsync(o => o with { RateBurst = 100_000 });
        await using var watcher = await server.JoinAsync("watcher");

        // Pings make the server write while the client's reset arrives, so the connection closes
        // from the writer's side while the reader still holds the hello that follows them.
        const int Rounds = 40;
        var pings = Enumerable.Repeat(FrameWriter.ToBytes(PingFrame.Instance), 900).SelectMany(b => b);
        for (var round = 0; round < Rounds; round++)
        {
            var client = await server.ConnectAsync();
            await client.SendRawAsync(pings.Concat(FrameWriter.ToBytes(new HelloFrame($"ghost{round}"))).ToArray());
            client.Reset();
        }

        // A hang guard (the connections close within a second or two): a join whose own connection
        // ended meanwhile once waited for its own departure, which waited for that join, forever.
        await Eventually.TrueAsync(() => server.Server.ConnectionCount == 1, TimeSpan.FromSeconds(60), "the failed connections to close");
        var seen = await watcher.SyncAsync();
        Assert.Equal(1, server.Server.MemberCount);
        var joined = seen.OfType<JoinedFrame>().Select(j => j.User).Order();
        var left = seen.OfType<LeftFrame>().Select(l => l.User).Order();
        Assert.Equal(joined, left);
        for (var round = 0; round < Rounds; round++)
        {
            await using var again = await server.JoinAsync($"ghost{round}");
        }
    }

    [Fact]
    public async Task Two_clients_claiming_the_same_name_at_the_same_instant_one_wins_and_the_other_gets_a_suggestion()
    {
        await using var server = await TestServer.StartAsync();
        for (var round = 0; round < 20; round++)
        {
            var names = round % 2 == 0 ? ($"race{round}", $"race{round}") : ($"Alice{round}", $"alice{round}");
            await using var first = await server.ConnectAsync();
            await using var second = await server.ConnectAsync();
            var hellos = new[] { (Client: first, Asked: names.Item1), (Client: second, Asked: names.Item2) };
            using var barrier = new Barrier(2);

            // Dedicated threads meet at the barrier and write at once; blocking sends keep the gap tiny.
            var sent = hellos.Select(h => Task.Factory.StartNew(
                () =>
                {
                    var bytes = FrameWriter.ToBytes(new HelloFrame(h.Asked));
                    barrier.SignalAndWait(TestContext.Current.CancellationToken);
                    h.Client.Socket.Send(bytes);
                },
                TestContext.Current.CancellationToken,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default)).ToArray();
            await Task.WhenAll(sent);
            var answers = new List<(string Asked, Frame Answer)>();
            foreach (var h in hellos)
            {
                answers.Add((h.Asked, await h.Client.ExpectAsync<Frame>(f => f is WelcomeFrame or ErrorFrame)));
            }

            Assert.Single(answers, a => a.Answer is WelcomeFrame);
            var loser = Assert.Single(answers, a => a.Answer is ErrorFrame);
            var refusal = (ErrorFrame)loser.Answer;
            Assert.Equal(ErrorCodes.UsernameTaken, refusal.Code);
            Assert.Equal(loser.Asked + "_2", refusal.Suggestion);
            Assert.Contains(loser.Asked, refusal.Message, StringComparison.Ordinal);
        }

        Assert.Empty(server.Logs.Problems);
    }

    [Fact]
    public async Task A_taken_name_is_refused_in_any_case_the_connection_stays_open_and_the_suggestion_is_free()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.JoinAsync("alice");
        await using var alice2 = await server.JoinAsync("alice_2");
        await using var late = await server.ConnectAsync();

        await late.SendAsync(new HelloFrame("ALICE"));
        var refusal = await late.ExpectErrorAsync(ErrorCodes.UsernameTaken);
        Assert.Equal("ALICE_3", refusal.Suggestion, ignoreCase: true);

        var welcome = await late.JoinAsync(refusal.Suggestion!);
        Assert.Equal(refusal.Suggestion, welcome.User);
    }

    [Fact]
    public async Task The_suggestion_for_a_taken_32_character_name_is_itself_a_valid_free_name()
    {
        await using var server = await TestServer.StartAsync();
        var name = "a" + new string('b', 31);
        await using var holder = await server.JoinAsync(name);
        await using var late = await server.ConnectAsync();

        await late.SendAsync(new HelloFrame(name.ToUpperInvariant()));
        var suggestion = (await late.ExpectErrorAsync(ErrorCodes.UsernameTaken)).Suggestion!;

        Assert.Equal(32, suggestion.Length);
        Assert.EndsWith("_2", suggestion, StringComparison.Ordinal);
        Assert.Equal(suggestion, (await late.JoinAsync(suggestion)).User);
    }

    [Fact]
    public async Task A_name_becomes_free_again_once_its_holder_leaves()
    {
        await using var server = await TestServer.StartAsync();
        await using var watcher = await server.JoinAsync("watcher");
        var alice = await server.JoinAsync("alice");
        await alice.SendAsync(ByeFrame.Instance);
        await alice.ReadToEndAsync();
        await watcher.ExpectAsync<LeftFrame>(l => l.User == "alice");

        await using var again = await server.JoinAsync("Alice");
        Assert.Equal("Alice", again.User);
        await alice.DisposeAsync();
    }

    [Fact]
    public async Task A_newcomer_gets_the_last_N_messages_replayed_in_order_then_live_traffic()
    {
        await using var server = await TestServer.StartAsync(o => o with { History = 3, RateBurst = 100 });
        await using var alice = await server.JoinAsync("alice");
        for (var i = 1; i <= 5; i++)
        {
            await alice.SayAsync($"m{i}");
        }

        await using var bob = await server.ConnectAsync();
        var welcome = await bob.JoinAsync("bob");
        var replay = new List<MessageFrame>();
        for (var i = 0; i < 3; i++)
        {
            replay.Add(Assert.IsType<MessageFrame>(await bob.ReceiveAsync()));
        }

        await alice.SayAsync("live");
        var live = await bob.ExpectAsync<MessageFrame>();

        Assert.Equal(["m3", "m4", "m5"], replay.Select(m => m.Text));
        Assert.All(replay, m => Assert.True(m.Replay));
        Assert.All(replay, m => Assert.Equal("alice", m.From));
        Assert.True(replay[0].Id < replay[1].Id && replay[1].Id < replay[2].Id);
        Assert.True(replay[2].Id < welcome.LastId);
        Assert.Equal("live", live.Text);
        Assert.False(live.Replay);
        Assert.True(live.Id > welcome.LastId);
        var joined = Assert.Single(alice.Received.OfType<JoinedFrame>());
        Assert.Equal(("bob", welcome.LastId), (joined.User, joined.Id));
        Assert.Equal(5, bob.Received.Count);
    }

    [Fact]
    public async Task A_newcomer_joining_in_the_middle_of_traffic_sees_replay_then_live_with_no_gap_and_no_repeat()
    {
        const int History = 50, Batch = 20;
        await using var server = await TestServer.StartAsync(o => o with { History = History, RateBurst = 100_000 });
        await using var alice = await server.JoinAsync("alice");
        alice.KeepReceived = false;
        var bobJoined = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sent = 0;
        var sending = Task.Run(async () =>
        {
            // Alice keeps sending until bob has joined, and a few batches more.
            for (var after = 0; after < 5; after += bobJoined.Task.IsCompleted ? 1 : 0)
            {
                await alice.SendRawAsync(Enumerable.Range(sent, Batch).SelectMany(i => FrameWriter.ToBytes(new SayFrame($"{i}"))).ToArray());
                await alice.ReadPastAsync<AckFrame>(Batch);
                sent += Batch;
            }
        }, TestContext.Current.CancellationToken);

        await Eventually.TrueAsync(() => Volatile.Read(ref sent) >= 5 * Batch, what: "alice to be well under way");
        await using var bob = await server.JoinAsync("bob");
        bobJoined.SetResult();
        await sending;
        await bob.ExpectAsync<MessageFrame>(m => m.Text == $"{sent - 1}");

        var atBob = bob.Received.OfType<MessageFrame>().ToList();
        var sequence = atBob.Select(m => int.Parse(m.Text, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Enumerable.Range(sequence[0], sequence.Count), sequence);
        Assert.Equal(History, atBob.Count(m => m.Replay));
        Assert.All(atBob.Take(History), m => Assert.True(m.Replay));
        Assert.True(atBob.Count > History, "nothing came live");
    }

    [Fact]
    public async Task A_hello_carrying_since_or_session_is_accepted_and_those_fields_are_ignored()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.JoinAsync("alice");
        await alice.SayAsync("one");
        await alice.SayAsync("two");
        await using var bob = await server.ConnectAsync();

        await bob.SendAsync(new HelloFrame("bob", Since: 3, Session: "made-up-token"));
        var welcome = await bob.ExpectAsync<WelcomeFrame>();
        var seen = await bob.SyncAsync();

        Assert.Equal("bob", welcome.User);
        Assert.Equal(["one", "two"], seen.OfType<MessageFrame>().Select(m => m.Text));
    }

    [Fact]
    public async Task A_newcomer_gets_its_welcome_and_whole_replay_even_when_they_pass_the_queue_cap()
    {
        await using var server = await TestServer.StartAsync(o => o with { SendQueueBytes = 4096, History = 10, RateBurst = 100 });
        await using var alice = await server.JoinAsync("alice");
        for (var i = 0; i < 10; i++)
        {
            await alice.SayAsync($"{i} " + new string('h', 1000));
        }

        await using var bob = await server.JoinAsync("bob");
        var seen = await bob.SyncAsync();

        Assert.Equal(10, seen.OfType<MessageFrame>().Count(m => m.Replay));
        Assert.Equal(2, server.Server.MemberCount);
    }

    [Fact]
    public async Task With_history_0_a_newcomer_gets_no_replay()
    {
        await using var server = await TestServer.StartAsync(o => o with { History = 0 });
        await using var alice = await server.JoinAsync("alice");
        await alice.SayAsync("before");

        await using var bob = await server.JoinAsync("bob");
        var seen = await bob.SyncAsync();

        Assert.Empty(seen);
        Assert.Single(bob.Received, f => f is not PongFrame);
    }
}
