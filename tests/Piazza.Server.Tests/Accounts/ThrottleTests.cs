using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Time.Testing;
using Piazza.Server.Accounts;

namespace Piazza.Server.Tests;

/// <summary>
/// Sign-in throttling (protocol §10): per address and per account, on the server's clock, with a
/// sentence saying when to try again; bounded tables; and chat that keeps flowing meanwhile.
/// </summary>
public sealed class ThrottleTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Failed_sign_ins_from_one_address_are_throttled_after_the_burst_and_earned_back_on_the_clock()
    {
        var clock = TestServer.NewFakeClock();
        await using var server = await TestServer.StartAsync(o => o with { SignInBurst = 3, SignInInterval = TimeSpan.FromSeconds(10) }, clock);
        await server.RegisterOfflineAsync("alice");

        // Not from 127.0.0.1, whose registration of alice took an attempt of its own.
        await using var attacker = await RawClient.ConnectAsync(server.Port, local: IPAddress.Parse("127.0.5.1"));

        var answers = new List<ErrorFrame>();
        foreach (var guess in new[] { "guess number one", "guess number two", "guess number three", "guess number four" })
        {
            answers.Add((ErrorFrame)await attacker.HelloAsync("alice", guess));
        }

        // Even the right password waits: the throttle comes before the check.
        var right = (ErrorFrame)await attacker.HelloAsync("alice", AccountClients.Password);

        Assert.Equal([ErrorCodes.AuthFailed, ErrorCodes.AuthFailed, ErrorCodes.AuthFailed, ErrorCodes.TooManyAttempts],
            answers.Select(a => a.Code));
        Assert.Equal("Too many failed sign-ins from your address; try again in 10 s.", answers[3].Message);
        Assert.Equal(ErrorCodes.TooManyAttempts, right.Code);

        clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Contains("try again in 6 s", ((ErrorFrame)await attacker.HelloAsync("alice", "guess number five")).Message, StringComparison.Ordinal);
        clock.Advance(TimeSpan.FromSeconds(6));
        Assert.True((await attacker.SignInAsync("alice")).Account);
    }

    [Fact]
    public async Task Failed_sign_ins_against_one_account_are_throttled_whatever_the_address()
    {
        var clock = TestServer.NewFakeClock();
        await using var server = await TestServer.StartAsync(o => o with { SignInBurst = 3, SignInInterval = TimeSpan.FromSeconds(10) }, clock);
        await server.RegisterOfflineAsync("alice");

        var codes = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            // A new loopback address each time: the address throttle never fills.
            await using var attacker = await RawClient.ConnectAsync(server.Port, local: IPAddress.Parse($"127.0.1.{i + 1}"));
            codes.Add(((ErrorFrame)await attacker.HelloAsync("alice", $"distributed guess {i}")).Code);
        }

        await using var other = await RawClient.ConnectAsync(server.Port, local: IPAddress.Parse("127.0.1.99"));
        var throttled = (ErrorFrame)await other.HelloAsync("alice", AccountClients.Password);
        var unknownName = (ErrorFrame)await other.HelloAsync("nobody", "whatever password");

        Assert.Equal([ErrorCodes.AuthFailed, ErrorCodes.AuthFailed, ErrorCodes.AuthFailed, ErrorCodes.TooManyAttempts, ErrorCodes.TooManyAttempts], codes);
        Assert.Equal("Too many failed sign-ins for 'alice'; try again in 10 s.", throttled.Message);
        Assert.Equal(ErrorCodes.AuthFailed, unknownName.Code);
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.True((await other.SignInAsync("alice")).Account);
    }

    [Fact]
    public async Task A_correct_password_costs_no_attempt_and_registrations_count_against_the_address()
    {
        await using var server = await TestServer.StartAsync(o => o with { SignInBurst = 2 });
        await server.RegisterOfflineAsync("alice");

        for (var i = 0; i < 5; i++)
        {
            await using var device = await server.SignInAsync("alice", rooms: AccountClients.Rooms());
        }

        await using var spammer = await RawClient.ConnectAsync(server.Port, local: IPAddress.Parse("127.0.2.1"));
        var first = await spammer.HelloAsync("spam1", AccountClients.Password, register: true);
        await using var spammer2 = await RawClient.ConnectAsync(server.Port, local: IPAddress.Parse("127.0.2.1"));
        await spammer2.HelloAsync("spam2", AccountClients.Password, register: true);
        await using var spammer3 = await RawClient.ConnectAsync(server.Port, local: IPAddress.Parse("127.0.2.1"));
        var third = (ErrorFrame)await spammer3.HelloAsync("spam3", AccountClients.Password, register: true);

        Assert.IsType<WelcomeFrame>(first);
        Assert.Equal(ErrorCodes.TooManyAttempts, third.Code);
    }

    [Fact]
    public void The_throttle_table_forgets_refilled_keys_and_never_holds_more_than_its_bound()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var table = new AttemptTable(burst: 2, TimeSpan.FromSeconds(10), maxKeys: 100, clock);

        for (var i = 0; i < 100; i++)
        {
            Assert.True(table.TryTake($"10.0.0.{i}", out _));
        }

        // Full of keys still being throttled: a new one is refused, not remembered.
        Assert.False(table.TryTake("10.0.1.1", out var wait));
        Assert.Equal(TimeSpan.FromSeconds(10), wait);
        Assert.Equal(100, table.Count);

        // Ten seconds later every bucket is full again: the old keys go, the new one is taken.
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.True(table.TryTake("10.0.1.1", out _));
        Assert.Equal(1, table.Count);

        // A refund that fills a bucket forgets the key at once.
        table.Refund("10.0.1.1");
        Assert.Equal(0, table.Count);
    }

    [Fact]
    public async Task Brute_force_from_one_address_and_against_one_account_leaves_a_member_s_chat_flowing()
    {
        // Flood control raised, so it paces neither the member's round trips nor (much) the attackers.
        await using var server = await TestServer.StartAsync(
            o => o with { RateBurst = 100, RatePerSecond = 100 }, minimumLogLevel: Microsoft.Extensions.Logging.LogLevel.Information);
        await server.RegisterOfflineAsync("alice");
        await using var member = await server.JoinAsync("member");
        await using var peer = await server.JoinAsync("peer");
        var quiet = await MeasureRoundTripsAsync(member, peer, count: 100);

        using var stop = new CancellationTokenSource();
        var outcomes = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        async Task AttackAsync(IPAddress from, string target)
        {
            // Flood control paces each connection and the hello timeout ends it: the attacker
            // simply connects again, as a real one would.
            for (var i = 0; !stop.IsCancellationRequested;)
            {
                await using var attacker = await RawClient.ConnectAsync(server.Port, local: from);
                try
                {
                    for (; !stop.IsCancellationRequested; i++)
                    {
                        var code = ((ErrorFrame)await attacker.HelloAsync(target, $"guess {i} for {target}")).Code;
                        outcomes.AddOrUpdate(code, 1, (_, n) => n + 1);
                    }
                }
                catch (EndOfStreamException)
                {
                    // Closed at the hello deadline.
                }
            }
        }

        // One address guessing alice's password; forty addresses guessing it together; one address spraying names.
        var attacks = new List<Task> { AttackAsync(IPAddress.Parse("127.0.3.1"), "alice"), AttackAsync(IPAddress.Parse("127.0.3.2"), "nobody") };
        attacks.AddRange(Enumerable.Range(10, 40).Select(i => AttackAsync(IPAddress.Parse($"127.0.4.{i}"), "alice")));

        var roundTrips = await MeasureRoundTripsAsync(member, peer, count: 200);
        stop.Cancel();
        await Task.WhenAll(attacks);

        var hashes = outcomes.GetValueOrDefault(ErrorCodes.AuthFailed);
        output.WriteLine($"Brute force: {outcomes.Values.Sum()} attempts, {hashes} checked (auth_failed), {outcomes.GetValueOrDefault(ErrorCodes.TooManyAttempts)} throttled (too_many_attempts).");
        output.WriteLine($"A member's round trip before: {Describe(quiet)}; during the attack: {Describe(roundTrips)}");
        Assert.True(outcomes.GetValueOrDefault(ErrorCodes.TooManyAttempts) > hashes, "Most attempts should have been throttled without hashing.");
        // alice's own burst (10) plus each address's burst for the unknown name: nothing else reached a hash.
        Assert.True(hashes <= 10 + 10 + 10, $"{hashes} attempts were checked.");
        Assert.True((await (await server.ConnectAsync()).HelloAsync("alice", AccountClients.Password)) is ErrorFrame { Code: ErrorCodes.TooManyAttempts });
    }

    /// <summary>Times a say from one member until the other receives it, one after another.</summary>
    internal static async Task<double[]> MeasureRoundTripsAsync(RawClient from, RawClient to, int count)
    {
        var times = new double[count];
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var text = $"round trip {i}";
            await from.SendAsync(new SayFrame(text, $"rt-{Guid.NewGuid():N}"));
            await to.ExpectAsync<MessageFrame>(m => m.Text == text);
            times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;

            // A pace a person keeps, well inside flood control.
            await Task.Delay(25, TestContext.Current.CancellationToken);
        }

        return times;
    }

    internal static string Describe(double[] milliseconds)
    {
        var sorted = milliseconds.Order().ToArray();
        double At(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        return FormattableString.Invariant($"p50 {At(0.50):0.0} ms, p99 {At(0.99):0.0} ms, max {sorted[^1]:0.0} ms over {sorted.Length}");
    }
}
