using System.Diagnostics;
using System.Net;
using Piazza.Server.Accounts;
using Piazza.Store;

namespace Piazza.Server.Tests;

/// <summary>
/// A sign-in storm: 200 connections sign in at once, each costing an Argon2id hash. The hashes run
/// on the hashing threads, so a member already in the room keeps chatting meanwhile.
/// </summary>
public sealed class SignInStormTests(ITestOutputHelper output)
{
    private const int Accounts = 200;

    /// <summary>A hang guard, not a figure: the figures are printed, never asserted.</summary>
    private static readonly TimeSpan StormDeadline = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Two_hundred_sign_ins_at_once_all_get_in_and_a_member_s_chat_keeps_flowing()
    {
        var dataDir = Directory.CreateTempSubdirectory("piazza-storm-").FullName;
        try
        {
            // The accounts exist already (one hash computed, shared): the storm is the sign-ins.
            var hash = PasswordHasher.Hash(AccountClients.Password);
            await using (var store = new SqliteStore(new SqliteStoreOptions(Path.Combine(dataDir, "piazza.db"))))
            {
                await store.OpenAsync(TestContext.Current.CancellationToken);
                for (var i = 0; i < Accounts; i++)
                {
                    await store.CreateAccountAsync(new Account($"user{i:D3}", hash, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow), TestContext.Current.CancellationToken);
                }
            }

            await using var server = await TestServer.StartAsync(
                // The hashes queue behind each other: on a loaded machine the last of 200 can take tens of
                // seconds, which is what a storm means, so the hello deadline is not what is under test.
                o => o with { Store = StoreNames.Sqlite, DataDir = dataDir, RateBurst = 100, RatePerSecond = 100, HelloTimeout = StormDeadline },
                minimumLogLevel: Microsoft.Extensions.Logging.LogLevel.Information);
            await using var member = await server.JoinAsync("member");
            await using var peer = await server.JoinAsync("peer");

            var started = Stopwatch.GetTimestamp();
            var times = new double[Accounts];
            var storm = Enumerable.Range(0, Accounts).Select(async i =>
            {
                // Each from its own loopback address, as from many machines.
                var client = await RawClient.ConnectAsync(server.Port, local: IPAddress.Parse($"127.0.6.{i + 1}"));
                var answer = await client.HelloAsync($"user{i:D3}", AccountClients.Password, rooms: AccountClients.Rooms(), timeout: StormDeadline);
                times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                return (client, answer);
            }).ToList();

            var roundTrips = await ThrottleTests.MeasureRoundTripsAsync(member, peer, count: 120);
            var results = await Task.WhenAll(storm);
            var stormMs = times.Max();

            output.WriteLine(FormattableString.Invariant(
                $"Sign-in storm: {Accounts} sign-ins done in {stormMs:0} ms on {server.Server.Options.HashThreads} hashing thread(s), {stormMs / Accounts:0.0} ms a sign-in."));
            output.WriteLine($"A member's round trip during the storm: {ThrottleTests.Describe(roundTrips)}");
            try
            {
                Assert.All(results, r => Assert.IsType<WelcomeFrame>(r.answer));
                Assert.Equal(Accounts + 2, server.Server.MemberCount);
            }
            finally
            {
                foreach (var (client, _) in results)
                {
                    await client.DisposeAsync();
                }
            }
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    [Fact]
    public async Task Beyond_the_hashing_queue_a_sign_in_is_refused_at_once_and_nothing_else_waits()
    {
        var pool = new HashPool(threads: 1, maxQueued: 2);
        using var gate = new ManualResetEventSlim();
        var running = pool.TryRun(() => gate.Wait(TimeSpan.FromSeconds(10)));
        await Eventually.TrueAsync(() => pool.Queued == 0, what: "the first hash to start");
        var queued = new[] { pool.TryRun(() => true), pool.TryRun(() => true) };

        var refused = pool.TryRun(() => true);
        gate.Set();

        Assert.Null(refused);
        Assert.True(await running!);
        Assert.All(await Task.WhenAll(queued.Select(q => q!)), Assert.True);
        pool.Dispose();
    }
}
