namespace Piazza.Server.Tests;

/// <summary>
/// The room an answer or an error names is the room as the server always writes it (§7, §8:
/// lowercase), so a client can match it to the room it asked about, and never a look-alike of
/// another room.
/// </summary>
public sealed class RoomEchoTests
{
    private static async Task<RawClient> JoinV2Async(TestServer server, string user)
    {
        var client = await server.ConnectAsync();
        await client.SendAsync(new HelloFrame(user, 2, Rooms: new Dictionary<string, RoomCursor>()));
        await client.ExpectAsync<WelcomeFrame>();
        return client;
    }

    [Fact]
    public async Task A_conversation_asked_for_in_capitals_is_answered_under_its_lowercase_name()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await JoinV2Async(server, "alice");
        await using var bob = await JoinV2Async(server, "Bob");

        await alice.SendAsync(new SayFrame("psst", "r-1", "@Bob"));
        var ack = await alice.ExpectAsync<AckFrame>();
        await alice.SendAsync(new HistoryFrame("@BOB", Limit: 10));
        var page = await alice.ExpectAsync<HistoryFrame>();
        await alice.SendAsync(new SayFrame("anyone?", "r-2", "@Nobody"));
        var refused = await alice.ExpectErrorAsync(ErrorCodes.NoSuchUser);

        Assert.Equal("@bob", ack.Room);
        Assert.Equal("@bob", page.Room);
        Assert.Equal("psst", Assert.IsType<MessageFrame>(Assert.Single(page.Events!)).Text);
        Assert.Equal("@nobody", refused.Room);
    }

    [Fact]
    public async Task A_refused_room_name_is_not_echoed_as_the_look_alike_of_another_room()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await JoinV2Async(server, "alice");

        // The Kelvin sign (U+212A) lowers to an ASCII k by Unicode's rules.
        await alice.SendAsync(new JoinFrame("#\u212Aelvin"));
        var refused = await alice.ExpectErrorAsync(ErrorCodes.InvalidRoom);

        Assert.Equal("#\u212Aelvin", refused.Room);
    }
}
