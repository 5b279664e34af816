namespace Piazza.Server.Tests;

/// <summary>Protocol §9: a hello with the session token of a name still held takes the name over.</summary>
public sealed class SessionTakeoverTests
{
    [Fact]
    public async Task A_hello_with_the_session_token_closes_the_old_connection_as_replaced_and_the_newcomer_joins_in_its_place()
    {
        await using var server = await TestServer.StartAsync();
        await using var watcher = await server.EnterAsync("watcher", "#dev");
        await using var old = await server.ConnectAsync();
        var token = (await old.HelloAsync("alice", new Dictionary<string, RoomCursor> { ["#dev"] = RoomCursor.None })).Session;
        await watcher.ExpectAsync<JoinedFrame>(j => j.User == "alice");

        await using var fresh = await server.ConnectAsync();
        var entries = await fresh.EnterAsync("alice", new Dictionary<string, RoomCursor> { ["#dev"] = RoomCursor.None }, session: token);
        var rest = await old.ReadToEndAsync();
        var seen = await watcher.FramesUntilAsync<JoinedFrame>(j => j.User == "alice");
        await fresh.SayInAsync("#dev", "it is still me");

        Assert.DoesNotContain(rest, f => f is ErrorFrame or LeftFrame);
        var left = Assert.IsType<LeftFrame>(Assert.Single(seen, f => f is LeftFrame));
        Assert.Equal(("alice", LeaveReasons.Replaced), (left.User, left.Reason));
        Assert.True(left.Id < ((JoinedFrame)seen[^1]).Id, "the newcomer joined before the old connection left");
        Assert.Equal(["alice", "watcher"], entries["#dev"].Room.Users.Order());
        Assert.Equal("it is still me", (await watcher.ExpectAsync<MessageFrame>()).Text);
        Assert.Equal(2, server.Server.MemberCount);
        await Eventually.TrueAsync(() => server.Server.ConnectionCount == 2, what: "the replaced connection to close");
    }

    [Fact]
    public async Task A_version_1_client_takes_over_its_own_name_with_its_session_token()
    {
        await using var server = await TestServer.StartAsync();
        await using var watcher = await server.JoinAsync("watcher");
        await using var old = await server.ConnectAsync();
        var token = (await old.JoinAsync("alice")).Session;

        await using var fresh = await server.ConnectAsync();
        await fresh.SendAsync(new HelloFrame("alice", Session: token));
        var welcome = await fresh.ExpectAsync<WelcomeFrame>();
        await old.ReadToEndAsync();

        Assert.Equal(["alice", "watcher"], welcome.Users.Order());
        Assert.NotEqual(token, welcome.Session);
        await watcher.AssertLeftOnceAsync("alice", LeaveReasons.Replaced);
    }

    [Fact]
    public async Task A_wrong_token_or_another_names_token_gets_username_taken_and_the_holder_stays()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectAsync();
        await alice.HelloAsync("alice");
        await using var bob = await server.ConnectAsync();
        var bobsToken = (await bob.HelloAsync("bob")).Session;
        await using var intruder = await server.ConnectAsync();

        await intruder.SendAsync(new HelloFrame("alice", Protocol: 2, Session: "made-up"));
        var wrong = await intruder.ExpectErrorAsync(ErrorCodes.UsernameTaken);
        await intruder.SendAsync(new HelloFrame("alice", Protocol: 2, Session: bobsToken));
        var borrowed = await intruder.ExpectErrorAsync(ErrorCodes.UsernameTaken);

        Assert.Equal("alice_2", wrong.Suggestion);
        Assert.Equal("alice_2", borrowed.Suggestion);
        await alice.SayAsync("still mine");
        var message = await bob.ExpectAsync<MessageFrame>();
        Assert.Equal(("alice", "still mine"), (message.From, message.Text));
        Assert.Equal(2, server.Server.MemberCount);
    }
}
