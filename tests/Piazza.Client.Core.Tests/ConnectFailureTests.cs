using Microsoft.Extensions.Time.Testing;
using Piazza.Protocol;

namespace Piazza.Client.Core.Tests;

/// <summary>Each way a connect can fail, each with its kind and its one sentence.</summary>
public sealed class ConnectFailureTests
{
    [Fact]
    public async Task A_closed_port_is_connection_refused_asking_whether_the_server_runs()
    {
        var port = Options.ClosedPort();
        await using var client = new ChatClient();
        var events = new EventRecorder(client);

        var result = await client.ConnectAsync(Options.For(port));

        Assert.Equal(ConnectFailureKind.ConnectionRefused, result.Failure!.Kind);
        Assert.Equal($"Could not connect to 127.0.0.1:{port}: connection refused. Is the server running?", result.Failure.Message);
        Assert.Null(result.Welcome);
        var status = await events.WaitForStateAsync(ConnectionState.Disconnected);
        Assert.Equal(result.Failure.Message, status.LastError);
    }

    [Fact]
    public async Task A_refusal_at_connect_does_not_start_reconnecting()
    {
        await using var client = new ChatClient();
        var events = new EventRecorder(client);

        var result = await client.ConnectAsync(Options.For(Options.ClosedPort()));

        Assert.False(result.Succeeded);
        await events.WaitForStateAsync(ConnectionState.Disconnected);
        Assert.True(client.ReconnectLoop.IsCompleted);
        Assert.Equal(ConnectionState.Disconnected, client.Status.State);
        Assert.DoesNotContain(events.All, e => e is ReconnectScheduled);
    }

    [Fact]
    public async Task An_unresolvable_name_is_host_not_found_on_the_host_field()
    {
        await using var client = new ChatClient();

        var result = await client.ConnectAsync(Options.For(5000) with { Host = "no-such-host.invalid" });

        Assert.Equal(ConnectFailureKind.HostNotFound, result.Failure!.Kind);
        Assert.Equal("Host", result.Failure.Field);
        // A resolver that answers says "not found"; one that cannot be reached says so instead.
        Assert.Contains(result.Failure.Message, new[]
        {
            "Could not connect to no-such-host.invalid:5000: the host name 'no-such-host.invalid' was not found.",
            "Could not look up the host name 'no-such-host.invalid': the name server did not answer; check the network connection.",
        });
    }

    [Fact]
    public async Task A_listener_that_never_answers_times_out_after_the_connect_timeout()
    {
        var time = new FakeTimeProvider();
        await using var server = FakeServer.Start();
        await using var client = new ChatClient(time);
        var options = Options.For(server.Port) with { ConnectTimeout = TimeSpan.FromSeconds(10) };

        var connecting = client.ConnectAsync(options);
        var peer = await server.AcceptAsync();
        await peer.ExpectAsync<HelloFrame>();
        time.Advance(TimeSpan.FromSeconds(9.9));
        // Still waiting for the welcome: a connection already given up on would not answer.
        await peer.SendAsync(PingFrame.Instance);
        Assert.IsType<PongFrame>(await peer.ReadFrameAsync());
        Assert.False(connecting.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(0.1));
        var result = await connecting.WaitAsync(Wait.Default);

        Assert.Equal(ConnectFailureKind.TimedOut, result.Failure!.Kind);
        Assert.Equal(
            $"Connected to 127.0.0.1:{server.Port}, but the server did not accept the join within 10 seconds; is it a Piazza server?",
            result.Failure.Message);
        Assert.True(await peer.WaitForCloseAsync(), "the client should close the connection it gave up on");
    }

    [Fact]
    public async Task A_server_that_sends_garbage_is_a_protocol_error()
    {
        await using var client = new ChatClient();
        await using var server = FakeServer.Start();

        var connecting = client.ConnectAsync(Options.For(server.Port));
        var peer = await server.AcceptAsync();
        await peer.SendRawAsync("HTTP/1.1 400 Bad Request\r\n\r\n");
        var result = await connecting.WaitAsync(Wait.Default);

        Assert.Equal(ConnectFailureKind.ProtocolError, result.Failure!.Kind);
        Assert.Equal(
            $"The server at 127.0.0.1:{server.Port} sent something that is not a Piazza frame; it does not seem to be a Piazza server.",
            result.Failure.Message);
    }

    [Fact]
    public async Task A_server_that_sends_an_endless_line_is_a_protocol_error_not_a_memory_leak()
    {
        await using var client = new ChatClient();
        await using var server = FakeServer.Start();

        var connecting = client.ConnectAsync(Options.For(server.Port));
        var peer = await server.AcceptAsync();
        var chunk = new string('x', 64 * 1024);
        var sending = Task.Run(async () =>
        {
            try
            {
                for (var sent = 0; sent <= ProtocolLimits.MaxServerFrameBytes + chunk.Length && !connecting.IsCompleted; sent += chunk.Length)
                {
                    await peer.SendRawAsync(chunk);
                }
            }
            catch (IOException)
            {
                // The client hung up, as it should.
            }
        });
        var result = await connecting.WaitAsync(Wait.Default);
        await sending.WaitAsync(Wait.Default);

        Assert.Equal(ConnectFailureKind.ProtocolError, result.Failure!.Kind);
        Assert.Contains("longer than 4 MiB", result.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_taken_name_reports_the_servers_suggestion()
    {
        await using var client = new ChatClient();
        await using var server = FakeServer.Start();

        var connecting = client.ConnectAsync(Options.For(server.Port, user: "alice"));
        var peer = await server.AcceptAsync();
        var hello = await peer.ExpectAsync<HelloFrame>();
        await peer.SendAsync(new ErrorFrame(ErrorCodes.UsernameTaken, "The username 'alice' is already in use.", Suggestion: "alice_2"));
        var result = await connecting.WaitAsync(Wait.Default);

        Assert.Equal("alice", hello.User);
        Assert.Equal(ConnectFailureKind.UsernameTaken, result.Failure!.Kind);
        Assert.Equal("Username", result.Failure.Field);
        Assert.Equal("alice_2", result.Failure.Suggestion);
        Assert.Equal("The username 'alice' is already in use; try 'alice_2'.", result.Failure.Message);
        Assert.IsType<ByeFrame>(await peer.ReadFrameAsync());
        Assert.Equal(ConnectionState.Disconnected, client.Status.State);
    }

    [Fact]
    public async Task A_name_the_server_refuses_is_username_invalid_with_the_servers_sentence()
    {
        await using var client = new ChatClient();
        await using var server = FakeServer.Start();

        var connecting = client.ConnectAsync(Options.For(server.Port, user: "moderator"));
        var peer = await server.AcceptAsync();
        await peer.ExpectAsync<HelloFrame>();
        await peer.SendAsync(new ErrorFrame(ErrorCodes.InvalidUsername, "The username 'moderator' is reserved; please choose another."));
        var result = await connecting.WaitAsync(Wait.Default);

        Assert.Equal(ConnectFailureKind.UsernameInvalid, result.Failure!.Kind);
        Assert.Equal("Username", result.Failure.Field);
        Assert.Equal("The username 'moderator' is reserved; please choose another.", result.Failure.Message);
    }

    [Theory]
    [InlineData(ErrorCodes.ServerFull, "The server at 127.0.0.1:{0} is full; try again later.")]
    [InlineData(ErrorCodes.TooManyConnections, "The server at 127.0.0.1:{0} accepts no more connections from your address; try again later.")]
    public async Task A_full_server_is_server_full(string code, string sentence)
    {
        await using var client = new ChatClient();
        await using var server = FakeServer.Start();

        var connecting = client.ConnectAsync(Options.For(server.Port));
        var peer = await server.AcceptAsync();
        // Sent at once on connect, before the hello is read, as the contract says; the hello is
        // drained before closing so the close is orderly rather than a reset.
        await peer.SendAsync(new ErrorFrame(code, "Full."));
        await peer.ExpectAsync<HelloFrame>();
        peer.Close();
        var result = await connecting.WaitAsync(Wait.Default);

        Assert.Equal(ConnectFailureKind.ServerFull, result.Failure!.Kind);
        Assert.Equal(string.Format(System.Globalization.CultureInfo.InvariantCulture, sentence, server.Port), result.Failure.Message);
    }

    [Fact]
    public async Task A_server_that_closes_before_welcoming_is_reported_as_such()
    {
        await using var client = new ChatClient();
        await using var server = FakeServer.Start();

        var connecting = client.ConnectAsync(Options.For(server.Port));
        var peer = await server.AcceptAsync();
        await peer.ExpectAsync<HelloFrame>();
        peer.Close();
        var result = await connecting.WaitAsync(Wait.Default);

        Assert.Equal(ConnectFailureKind.NetworkError, result.Failure!.Kind);
        Assert.Equal($"The server at 127.0.0.1:{server.Port} closed the connection before accepting the join.", result.Failure.Message);
    }

    [Fact]
    public async Task An_unsupported_protocol_is_a_protocol_error()
    {
        await using var client = new ChatClient();
        await using var server = FakeServer.Start();

        var connecting = client.ConnectAsync(Options.For(server.Port));
        var peer = await server.AcceptAsync();
        await peer.ExpectAsync<HelloFrame>();
        await peer.SendAsync(new ErrorFrame(ErrorCodes.UnsupportedProtocol, "Protocol 1 is not supported."));
        var result = await connecting.WaitAsync(Wait.Default);

        Assert.Equal(ConnectFailureKind.ProtocolError, result.Failure!.Kind);
        Assert.Equal($"The server at 127.0.0.1:{server.Port} does not support Piazza protocol version 1.", result.Failure.Message);
    }

    [Fact]
    public async Task The_hello_carries_the_name_the_protocol_version_and_the_client_name()
    {
        await using var client = new ChatClient();
        await using var server = FakeServer.Start();

        var connecting = client.ConnectAsync(Options.For(server.Port, user: "Carol") with { ClientName = "test-client/9" });
        var peer = await server.AcceptAsync();
        var hello = await peer.ExpectAsync<HelloFrame>();
        await peer.WelcomeAsync("Carol", []);
        await connecting.WaitAsync(Wait.Default);

        // Protocol 2; with no rooms named, the server puts the client in its default room.
        Assert.Equal(new HelloFrame("Carol", 2, "test-client/9"), hello);
    }

    [Fact]
    public async Task Cancelling_a_connect_throws_and_leaves_the_client_disconnected()
    {
        await using var client = new ChatClient();
        await using var server = FakeServer.Start();
        using var cts = new CancellationTokenSource();

        var connecting = client.ConnectAsync(Options.For(server.Port), cts.Token);
        var peer = await server.AcceptAsync();
        await peer.ExpectAsync<HelloFrame>();
        await cts.CancelAsync();

        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connecting);
        Assert.Equal(cts.Token, ex.CancellationToken);
        Assert.Equal(ConnectionState.Disconnected, client.Status.State);
        Assert.True(await peer.WaitForCloseAsync());
    }

    [Fact]
    public async Task A_second_connect_while_connected_is_refused()
    {
        await using var client = new ChatClient();
        await using var server = FakeServer.Start();
        var connecting = client.ConnectAsync(Options.For(server.Port));
        await server.AcceptAndWelcomeAsync();
        Assert.True((await connecting).Succeeded);

        await Assert.ThrowsAsync<InvalidOperationException>(() => client.ConnectAsync(Options.For(server.Port)));
    }
}
