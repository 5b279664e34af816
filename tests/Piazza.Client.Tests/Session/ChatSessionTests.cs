using System.Collections.Concurrent;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Piazza.Client.Core;
using Piazza.Client.Hosting;
using Piazza.Client.Session;
using Piazza.Client.Settings;
using Piazza.Protocol;

namespace Piazza.Client.Tests.Session;

/// <summary>The page's state service on its own (no browser), against a real server.</summary>
public sealed class ChatSessionTests : IDisposable
{
    private readonly string _config = Directory.CreateTempSubdirectory("piazza-session-").FullName;

    public void Dispose() => Directory.Delete(_config, recursive: true);

    private ChatSession NewSession(TimeProvider time, ClientOptions? options = null, PagePresence? presence = null) =>
        new(new SettingsStore(_config, NullLogger<SettingsStore>.Instance), time, NullLoggerFactory.Instance,
            new SessionRegistry(), presence ?? new PagePresence(), options ?? new ClientOptions());

    private static void Fill(ChatSession session, int port, string user)
    {
        session.Form.Set("Host", "127.0.0.1");
        session.Form.Set("Port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        session.Form.Set("Username", user);
    }

    [Fact]
    public async Task Joining_shows_the_chat_with_you_online_and_remembers_the_details()
    {
        await using var server = await TestServer.StartAsync();
        await using var session = NewSession(TimeProvider.System);
        Fill(session, server.Port, "alice");

        await session.ConnectAsync();

        Assert.Equal(SessionPhase.Chat, session.Phase);
        Assert.Equal("alice", session.Me);
        // The rooms follow the welcome, each described by the server in turn.
        await Eventually.TrueAsync(() => session.Current?.Name == "#piazza" && session.Users.Contains("alice"), what: "alice in #piazza");
        Assert.Equal(ConnectionState.Connected, session.Status.State);
        Assert.Equal(new ClientSettings { Host = "127.0.0.1", Port = server.Port, Username = "alice" },
            new SettingsStore(_config, NullLogger<SettingsStore>.Instance).Load());
    }

    [Fact]
    public async Task A_taken_name_stays_on_the_form_with_the_field_and_a_suggestion()
    {
        await using var server = await TestServer.StartAsync();
        await using var holder = await server.JoinAsync("alice");
        await using var session = NewSession(TimeProvider.System);
        Fill(session, server.Port, "alice");

        await session.ConnectAsync();

        Assert.Equal(SessionPhase.Form, session.Phase);
        Assert.NotNull(session.Failure);
        Assert.Equal("Username", session.Failure.Field);
        Assert.Equal("alice_2", session.Failure.Suggestion);
        Assert.Contains("alice", session.Failure.Message, StringComparison.Ordinal);
        Assert.Equal("alice", session.Form.Username);
        Assert.False(File.Exists(Path.Combine(_config, SettingsStore.FileName)));
    }

    [Fact]
    public async Task While_reconnecting_the_status_counts_down_on_the_clock()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var policy = new ReconnectPolicy(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10), 0);
        var server = await TestServer.StartAsync();
        await using var session = NewSession(time, new ClientOptions { Reconnect = policy });
        Fill(session, server.Port, "alice");
        await session.ConnectAsync();
        Assert.Equal(ConnectionState.Connected, session.Status.State);

        await server.DisposeAsync();

        await Eventually.TrueAsync(() => session.Status.State == ConnectionState.Reconnecting, what: "reconnecting");
        Assert.Equal($"Reconnecting, attempt 1, next in 10 s", Texts.Status(session.Status, session.Now));
        var renders = 0;
        session.Changed += (_, _) => Interlocked.Increment(ref renders);

        time.Advance(TimeSpan.FromSeconds(3));

        Assert.True(Volatile.Read(ref renders) >= 6, $"the countdown re-rendered {renders} times in 3 s");
        Assert.Equal("Reconnecting, attempt 1, next in 7 s", Texts.Status(session.Status, session.Now));
        Assert.Contains(session.Entries, e => e is NoticeEntry { Kind: NoticeKind.Problem } n && n.Text.StartsWith("Lost connection", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Your_messages_go_from_pending_to_sent_wait_while_the_server_is_away_and_fail_visibly_when_you_leave()
    {
        var server = await TestServer.StartAsync();
        await using var session = NewSession(TimeProvider.System);
        // As on a page: the session is used, and applies the client's events, on one renderer
        // dispatcher, so every change and every Changed handler runs one at a time.
        var page = Dispatcher.CreateDefault();
        session.Attach(page.InvokeAsync);
        Fill(session, server.Port, "alice");
        await page.InvokeAsync(session.ConnectAsync);

        // What each render saw: the states of "ciao" in turn, and your messages (read here, off the
        // dispatcher; published last, so a state read from them is already in seen).
        IReadOnlyList<MessageEntry> own = [];
        var seen = new ConcurrentQueue<DeliveryState>();
        session.Changed += (_, _) =>
        {
            IReadOnlyList<MessageEntry> now = [.. session.Entries.OfType<MessageEntry>().Where(m => m.IsOwn)];
            if (now.SingleOrDefault(m => m.Text == "ciao") is { } m && (seen.IsEmpty || seen.Last() != m.Delivery))
            {
                seen.Enqueue(m.Delivery);
            }

            Volatile.Write(ref own, now);
        };
        MessageEntry? Own(string text) => Volatile.Read(ref own).SingleOrDefault(m => m.Text == text);

        await Eventually.TrueAsync(() => session.Current is { IsJoined: true }, what: "the room");
        await page.InvokeAsync(() => session.Send("ciao"));

        await Eventually.TrueAsync(() => Own("ciao") is { Delivery: DeliveryState.Sent, Id: not null }, what: "the ack");
        Assert.Equal([DeliveryState.Pending, DeliveryState.Sent], seen);

        await server.DisposeAsync();
        await Eventually.TrueAsync(() => session.Status.State == ConnectionState.Reconnecting, what: "reconnecting");
        await page.InvokeAsync(() => session.Send("anyone?"));

        // Typed while the server is away: it waits in the client's outbox to go out on reconnecting
        // (and says so), and fails only when the user gives up the connection.
        await Eventually.TrueAsync(() => Own("anyone?") is { Delivery: DeliveryState.Waiting }, what: "the message waiting");
        await page.InvokeAsync(session.DisconnectAsync);
        await Eventually.TrueAsync(() => Own("anyone?") is { Delivery: DeliveryState.Failed }, what: "the failure");
        Assert.Equal("The client disconnected before the message could be sent.", Own("anyone?")!.Error);
        Assert.Equal(SessionPhase.Form, session.Phase);
        Assert.Equal(ConnectionState.Disconnected, session.Status.State);
    }

    [Fact]
    public async Task After_the_server_restarts_its_events_show_although_their_ids_start_again()
    {
        var first = await TestServer.StartAsync();
        var port = first.Port;
        var quickly = new ReconnectPolicy(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(200), 0);
        await using var session = NewSession(TimeProvider.System, new ClientOptions { Reconnect = quickly });
        var page = Dispatcher.CreateDefault();
        session.Attach(page.InvokeAsync);
        IReadOnlyList<string> shown = [];
        session.Changed += (_, _) => Volatile.Write(ref shown, [.. session.Entries.Select(e => e is MessageEntry m ? m.Text : ((NoticeEntry)e).Text)]);
        Fill(session, port, "alice");
        await page.InvokeAsync(session.ConnectAsync);
        await using (var bob = await first.JoinAsync("bob"))
        {
            await bob.SendAsync(new SayFrame("before the restart", "r-1"));
            await bob.ExpectAsync<AckFrame>();
        }

        await Eventually.TrueAsync(() => Volatile.Read(ref shown).Contains("before the restart"), what: "the message before the restart");
        await first.DisposeAsync();
        await using var second = await TestServer.StartAsync(port: port);
        await Eventually.TrueAsync(() => second.Server.MemberCount == 1, what: "alice back in the room");

        // The restarted server numbers its events from 1 again: bob's join and message reuse ids
        // that alice saw before the restart.
        await using var bobAgain = await second.JoinAsync("bob");
        await bobAgain.SendAsync(new SayFrame("after the restart", "r-2"));
        await bobAgain.ExpectAsync<AckFrame>();

        await Eventually.TrueAsync(() => Volatile.Read(ref shown).Contains("after the restart"), what: "the message after the restart");
        Assert.Equal(2, Volatile.Read(ref shown).Count(t => t == "bob joined"));
    }

    [Fact]
    public async Task Joining_again_after_leaving_does_not_repeat_the_history_already_shown()
    {
        await using var server = await TestServer.StartAsync();
        var presence = new PagePresence();
        await using var session = NewSession(TimeProvider.System, new ClientOptions { PageGoneGrace = TimeSpan.FromMilliseconds(50) }, presence);
        var page = Dispatcher.CreateDefault();
        session.Attach(page.InvokeAsync);
        IReadOnlyList<ChatEntry> log = [];
        session.Changed += (_, _) => Volatile.Write(ref log, [.. session.Entries]);
        int Shown(string text) => Volatile.Read(ref log).Count(e => e is MessageEntry m && m.Text == text);
        Fill(session, server.Port, "alice");
        await page.InvokeAsync(session.ConnectAsync);
        await using (var bob = await server.JoinAsync("bob"))
        {
            await bob.SendAsync(new SayFrame("said once", "r-1"));
            await bob.ExpectAsync<AckFrame>();
        }

        await Eventually.TrueAsync(() => session.Current is { IsJoined: true }, what: "the room");
        await page.InvokeAsync(() => session.Send("mine, also once"));
        await Eventually.TrueAsync(() => Shown("said once") == 1, what: "bob's message");
        await Eventually.TrueAsync(() => Volatile.Read(ref log).Any(e => e is MessageEntry { Delivery: DeliveryState.Sent, Text: "mine, also once" }),
            what: "alice's message acknowledged");

        // The page closes and stays away: the session leaves the room, keeping its log.
        presence.Set(true);
        presence.Set(false);
        await Eventually.TrueAsync(() => session.Status.State == ConnectionState.Disconnected, what: "alice gone");

        // Reconnect joins with a new client, and the server replays its history; a message said
        // afterwards arrives after all of it.
        await page.InvokeAsync(session.ReconnectAsync);
        Assert.Equal(ConnectionState.Connected, session.Status.State);
        await using (var carol = await server.JoinAsync("carol"))
        {
            await carol.SendAsync(new SayFrame("after the history", "r-2"));
            await carol.ExpectAsync<AckFrame>();
        }

        await Eventually.TrueAsync(() => Shown("after the history") == 1, what: "carol's message");

        Assert.Equal(1, Shown("said once"));
        Assert.Equal(1, Shown("mine, also once"));
    }
}
