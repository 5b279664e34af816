using Piazza.Protocol;

namespace Piazza.Client.Core.Tests;

public sealed class InputValidationTests
{
    [Theory]
    [InlineData("", 5000, "alice", "Host")]
    [InlineData("bad host", 5000, "alice", "Host")]
    [InlineData("300.1.1.1", 5000, "alice", "Host")]
    [InlineData("127.0.0.1", 0, "alice", "Port")]
    [InlineData("127.0.0.1", 70000, "alice", "Port")]
    [InlineData("127.0.0.1", 5000, "", "Username")]
    [InlineData("127.0.0.1", 5000, "1alice", "Username")]
    [InlineData("127.0.0.1", 5000, "al ice", "Username")]
    [InlineData("127.0.0.1", 5000, "admin", "Username")]
    [InlineData("127.0.0.1", 5000, "a234567890123456789012345678901234", "Username")]
    public async Task Bad_input_is_refused_before_connecting_with_the_shared_rule_sentence(string host, int port, string user, string field)
    {
        await using var client = new ChatClient();

        var result = await client.ConnectAsync(new ChatConnectionOptions { Host = host, Port = port, Username = user });

        Assert.False(result.Succeeded);
        Assert.Equal(ConnectFailureKind.InvalidInput, result.Failure!.Kind);
        Assert.Equal(field, result.Failure.Field);
        var expected = field switch
        {
            "Host" => EndpointRules.ValidateHost(host).Message,
            "Port" => EndpointRules.ValidatePort(port).Message,
            _ => UsernameRules.Validate(user).Message,
        };
        Assert.Equal(expected, result.Failure.Message);
        Assert.Equal(ConnectionState.Disconnected, client.Status.State);
    }

    [Fact]
    public async Task Bad_input_opens_no_connection()
    {
        await using var refused = new ChatClient();
        await using var valid = new ChatClient();
        await using var server = FakeServer.Start();

        var result = await refused.ConnectAsync(Options.For(server.Port, user: "9lives"));
        var connecting = valid.ConnectAsync(Options.For(server.Port, user: "bob"));

        // Connections are accepted in the order they were made: had the refused attempt opened
        // one, it would come first.
        Assert.Equal(ConnectFailureKind.InvalidInput, result.Failure!.Kind);
        var first = await server.AcceptAsync();
        Assert.Equal("bob", (await first.ExpectAsync<HelloFrame>()).User);
        await first.WelcomeAsync("bob", []);
        Assert.True((await connecting).Succeeded);
        Assert.Equal(1, server.AcceptedCount);
    }

    [Fact]
    public async Task A_nonsense_connect_timeout_is_a_programming_error()
    {
        await using var client = new ChatClient();
        var options = Options.For(5000) with { ConnectTimeout = TimeSpan.Zero };

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.ConnectAsync(options));
    }
}
