using Microsoft.Extensions.Time.Testing;
using Piazza.Protocol;

namespace Piazza.Client.Core.Tests;

/// <summary>Cursors kept between runs: an app that restarts rejoins its rooms and gets exactly what it missed.</summary>
public sealed class CursorStoreTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("piazza-cursors-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task After_a_client_restart_it_rejoins_every_room_and_conversation_with_its_cursor_and_hands_out_only_what_it_missed()
    {
        await using var server = FakeServer.Start();
        var store = new MemoryCursorStore();
        var options = Options.For(server.Port) with { CursorStore = store, Rooms = ["#dev"] };

        // The first run: #piazza (remembered from earlier), #dev, and a conversation bob starts.
        var account = new ServerAccount("127.0.0.1", server.Port, "alice");
        await store.SaveAsync(account, new SavedRooms([new SavedRoom(Fake.Room)]), default);
        var before = new ChatClient();
        var beforeEvents = new EventRecorder(before);
        var connecting = before.ConnectAsync(options);
        var (peer, hello) = await server.AcceptAndWelcomeAsync(others: ["bob"], lastId: 5);
        await connecting.WaitAsync(Wait.Default);
        await peer.SendAsync(Fake.Message(6, "bob", "six"));
        await peer.SendAsync(Fake.Message(6, "bob", "dev six", room: "#dev"));
        await peer.OpenRoomAsync("@bob", ["alice", "bob"], lastId: 0, epoch: "d1");
        await peer.SendAsync(Fake.Message(1, "bob", "psst", room: "@bob"));
        await beforeEvents.WaitForAsync<MessageReceived>(m => m.Room == "@bob");
        var closing = before.DisposeAsync();
        await peer.ExpectAsync<ByeFrame>();
        peer.Close();
        await closing;

        // The second run: a new client, the same store.
        await using var after = new ChatClient();
        var afterEvents = new EventRecorder(after);
        connecting = after.ConnectAsync(Options.For(server.Port) with { CursorStore = store });
        var again = await server.AcceptAsync();
        var rehello = await again.ExpectAsync<HelloFrame>();
        await again.WelcomeOnlyAsync("alice");
        await again.OpenRoomAsync(Fake.Room, ["bob", "alice"], lastId: 9);
        await again.SendAsync(Fake.Message(7, "bob", "seven", replay: true));
        await again.SendAsync(Fake.Left(8, "alice", LeaveReasons.Quit, replay: true));
        await again.OpenRoomAsync("#dev", ["bob", "alice"], lastId: 8);
        await again.SendAsync(Fake.Message(7, "bob", "dev seven", room: "#dev", replay: true));
        await again.OpenRoomAsync("@bob", ["alice", "bob"], lastId: 2, epoch: "d1");
        await again.SendAsync(Fake.Message(2, "bob", "still there?", room: "@bob", replay: true));
        await again.SendAsync(Fake.Message(10, "bob", "live"));
        await connecting.WaitAsync(Wait.Default);

        Assert.Equal([Fake.Room, "#dev"], hello.Rooms!.Keys);
        Assert.Equal(
            [(Fake.Room, new RoomCursor(6, Fake.Epoch)), ("#dev", new RoomCursor(6, Fake.Epoch)), ("@bob", new RoomCursor(1, "d1"))],
            rehello.Rooms!.Select(r => (r.Key, r.Value)));
        await afterEvents.WaitForAsync<MessageReceived>(m => m.Text == "live");
        Assert.Equal(
            [(Fake.Room, 7L), (Fake.Room, 8L), ("#dev", 7L), ("@bob", 2L), (Fake.Room, 10L)],
            afterEvents.All.OfType<RoomEvent>().Select(e => (e.Room, e.Id)));
        Assert.All(afterEvents.All.OfType<RoomOpened>(), o => Assert.True(o.Continues));
    }

    [Fact]
    public async Task Cursors_are_saved_within_a_second_of_moving_and_at_once_on_disconnect()
    {
        var time = new FakeTimeProvider(Fake.T0);
        await using var client = new ChatClient(time);
        await using var server = FakeServer.Start();
        var store = new MemoryCursorStore();
        var account = new ServerAccount("127.0.0.1", server.Port, "alice");
        var events = new EventRecorder(client);
        var connecting = client.ConnectAsync(Options.For(server.Port) with { CursorStore = store });
        var (peer, _) = await server.AcceptAndWelcomeAsync(lastId: 3);
        await connecting.WaitAsync(Wait.Default);
        await events.WaitForAsync<RoomOpened>();

        time.Advance(CursorKeeper.Delay);
        await Eventually(async () => (await store.LoadAsync(account, default))?.Rooms.SingleOrDefault()?.LastId == 3);
        await peer.SendAsync(Fake.Message(4, "bob", "four"));
        await events.WaitForAsync<MessageReceived>();
        Assert.Equal(3, (await store.LoadAsync(account, default))!.Rooms.Single().LastId);
        time.Advance(CursorKeeper.Delay);
        await Eventually(async () => (await store.LoadAsync(account, default))!.Rooms.Single().LastId == 4);

        await peer.SendAsync(Fake.Message(5, "bob", "five"));
        await events.WaitForAsync<MessageReceived>(m => m.Id == 5);
        var disconnecting = client.DisconnectAsync();
        await peer.ExpectAsync<ByeFrame>();
        peer.Close();
        await disconnecting.WaitAsync(Wait.Default);

        Assert.Equal(new SavedRoom(Fake.Room, Fake.Epoch, 5), (await store.LoadAsync(account, default))!.Rooms.Single());
    }

    [Fact]
    public async Task The_file_store_keeps_each_account_apart_and_survives_a_new_instance()
    {
        var path = Path.Combine(_folder, "sub", "cursors.json");
        var alice = new ServerAccount("chat.example", 5000, "Alice");
        var bob = new ServerAccount("chat.example", 5000, "bob");
        using (var store = new FileCursorStore(path))
        {
            Assert.Null(await store.LoadAsync(alice, default));
            await store.SaveAsync(alice, new SavedRooms([new SavedRoom("#dev", "e1", 7), new SavedRoom("@bob")]), default);
            await store.SaveAsync(bob, new SavedRooms([]), default);
            await store.SaveAsync(alice, new SavedRooms([new SavedRoom("#dev", "e1", 9), new SavedRoom("@bob", "d1", 2)]), default);
        }

        using var reopened = new FileCursorStore(path);
        Assert.Equal(
            [new SavedRoom("#dev", "e1", 9), new SavedRoom("@bob", "d1", 2)],
            (await reopened.LoadAsync(alice with { Username = "ALICE" }, default))!.Rooms);
        Assert.Empty((await reopened.LoadAsync(bob, default))!.Rooms);
        Assert.Null(await reopened.LoadAsync(alice with { Port = 5001 }, default));
        Assert.Equal(["cursors.json"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_file_that_is_not_a_cursor_file_is_refused_on_load_and_replaced_on_save()
    {
        var path = Path.Combine(_folder, "cursors.json");
        await File.WriteAllTextAsync(path, "this is not json");
        using var store = new FileCursorStore(path);
        var account = new ServerAccount("127.0.0.1", 5000, "alice");

        var refused = await Assert.ThrowsAsync<InvalidDataException>(async () => await store.LoadAsync(account, default));
        await store.SaveAsync(account, new SavedRooms([new SavedRoom("#dev", "e1", 1)]), default);

        Assert.Contains(path, refused.Message, StringComparison.Ordinal);
        Assert.Equal([new SavedRoom("#dev", "e1", 1)], (await store.LoadAsync(account, default))!.Rooms);
    }

    [Fact]
    public async Task A_store_that_fails_to_load_leaves_the_client_starting_afresh()
    {
        await using var client = new ChatClient();
        await using var server = FakeServer.Start();
        var path = Path.Combine(_folder, "broken.json");
        await File.WriteAllTextAsync(path, "{ broken");
        using var store = new FileCursorStore(path);

        var connecting = client.ConnectAsync(Options.For(server.Port) with { CursorStore = store });
        var (_, hello) = await server.AcceptAndWelcomeAsync();

        Assert.True((await connecting.WaitAsync(Wait.Default)).Succeeded);
        Assert.Null(hello.Rooms);
    }

    private static async Task Eventually(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Wait.Default;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the cursors were not saved in time");
            await Task.Delay(10);
        }
    }
}
