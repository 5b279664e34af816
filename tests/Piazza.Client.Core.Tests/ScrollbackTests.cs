using Piazza.Protocol;

namespace Piazza.Client.Core.Tests;

/// <summary>Scrollback: older events of a room, page by page, until the beginning.</summary>
public sealed class ScrollbackTests
{
    [Fact]
    public async Task Older_events_come_page_by_page_before_the_oldest_one_seen_until_the_beginning()
    {
        await using var client = new ChatClient();
        await using var server = FakeServer.Start();
        var events = new EventRecorder(client);
        var connecting = client.ConnectAsync(Options.For(server.Port));
        var peer = await server.AcceptAsync();
        await peer.ExpectAsync<HelloFrame>();
        await peer.WelcomeOnlyAsync("alice");
        // 230 events before this client's join at 231; the recent history is the newest messages.
        await peer.OpenRoomAsync(Fake.Room, ["bob", "alice"], lastId: 231, truncated: true);
        for (long id = 201; id <= 230; id++)
        {
            await peer.SendAsync(Fake.Message(id, "bob", $"m{id}", replay: true));
        }

        await connecting.WaitAsync(Wait.Default);
        await events.WaitForAsync<MessageReceived>(m => m.Id == 230);

        var loading = client.LoadOlderAsync(Fake.Room, limit: 100);
        var first = await peer.ExpectAsync<HistoryFrame>();
        await peer.SendAsync(Fake.Page(Fake.Room, true, [.. Ids(101, 200).Select(id => Fake.Message(id, "bob", $"m{id}"))]));
        var page1 = await loading.WaitAsync(Wait.Default);
        loading = client.LoadOlderAsync(Fake.Room, limit: 100);
        var second = await peer.ExpectAsync<HistoryFrame>();
        await peer.SendAsync(Fake.Page(Fake.Room, true, [.. Ids(1, 100).Select(id => Fake.Message(id, "bob", $"m{id}"))]));
        var page2 = await loading.WaitAsync(Wait.Default);
        var third = await client.LoadOlderAsync(Fake.Room, limit: 100).WaitAsync(Wait.Default);

        Assert.Equal(new HistoryFrame(Fake.Room, Before: 201, Limit: 100), first);
        Assert.Equal(new HistoryFrame(Fake.Room, Before: 101, Limit: 100), second);
        Assert.Equal([.. Ids(101, 200)], page1.Events.Select(e => e.Id));
        Assert.All(page1.Events, e => Assert.Equal(EventSource.History, e.Source));
        Assert.False(page1.ReachedBeginning);
        Assert.Equal([.. Ids(1, 100)], page2.Events.Select(e => e.Id));
        // Id 1 is the beginning: nothing more is asked for.
        Assert.True(third.ReachedBeginning);
        Assert.Empty(third.Events);
        Assert.True(client.FindRoom(Fake.Room)!.ReachedBeginning);
        // What scrollback loads is returned, not raised as events.
        Assert.Equal(30, events.All.OfType<MessageReceived>().Count());
    }

    [Fact]
    public async Task When_the_server_says_there_is_no_more_the_beginning_is_reached()
    {
        await using var client = new ChatClient();
        await using var server = FakeServer.Start();
        var connecting = client.ConnectAsync(Options.For(server.Port));
        var (peer, _) = await server.AcceptAndWelcomeAsync(lastId: 40);
        await connecting.WaitAsync(Wait.Default);
        await Piazza.Testing.Eventually.TrueAsync(() => client.FindRoom(Fake.Room)?.IsJoined == true);

        var loading = client.LoadOlderAsync(Fake.Room, limit: 50);
        Assert.Equal(new HistoryFrame(Fake.Room, Before: 41, Limit: 50), await peer.ExpectAsync<HistoryFrame>());
        // Retention kept only the last few.
        await peer.SendAsync(Fake.Page(Fake.Room, false, Fake.Message(38, "bob", "kept"), Fake.Joined(40, "alice")));
        var page = await loading.WaitAsync(Wait.Default);

        Assert.True(page.ReachedBeginning);
        Assert.Equal([typeof(MessageReceived), typeof(UserJoined)], page.Events.Select(e => e.GetType()));
        Assert.Empty((await client.LoadOlderAsync(Fake.Room).WaitAsync(Wait.Default)).Events);
    }

    [Fact]
    public async Task Scrollback_of_a_room_the_client_is_not_in_is_refused()
    {
        await using var client = new ChatClient();

        var refused = await Assert.ThrowsAsync<ChatRequestException>(() => client.LoadOlderAsync("#elsewhere"));

        Assert.Equal(ErrorCodes.NotInRoom, refused.Code);
    }

    private static IEnumerable<long> Ids(long first, long last)
    {
        for (var id = first; id <= last; id++)
        {
            yield return id;
        }
    }
}
