using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Piazza.Server.Tests;

/// <summary>docs/protocol.md §8: what the bytes the server writes look like.</summary>
public sealed partial class WireFormatTests
{
    [Fact]
    public async Task Timestamps_are_UTC_with_milliseconds_and_non_ASCII_text_goes_out_as_raw_UTF8()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.JoinAsync("alice");
        using var bob = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await bob.ConnectAsync(new IPEndPoint(IPAddress.Loopback, server.Port), TestContext.Current.CancellationToken);
        await bob.SendAsync(RawLines.Bytes("""{"type":"hello","user":"bob"}"""), TestContext.Current.CancellationToken);
        var welcome = await ReadLineAsync(bob);
        Assert.StartsWith("""{"type":"welcome",""", welcome, StringComparison.Ordinal);

        await alice.SendAsync(new SayFrame("caffè 😀 中 \"quoted\" back\\slash\ttab\u2028sep"));
        var line = await ReadLineAsync(bob);

        Assert.Matches(Timestamp(), line);
        Assert.Contains("caffè 😀 中", line, StringComparison.Ordinal);
        Assert.DoesNotContain("\\ud83d", line, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\\\"quoted\\\"", line, StringComparison.Ordinal);
        Assert.Contains("back\\\\slash", line, StringComparison.Ordinal);
        Assert.Contains("\\t", line, StringComparison.Ordinal);
        Assert.Contains("\\u2028", line, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain('\u2028', line);
    }

    [Fact]
    public async Task Escaped_surrogate_pairs_are_accepted_on_input_and_delivered_as_the_character()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.JoinAsync("alice");
        await using var bob = await server.JoinAsync("bob");

        await alice.SendLineAsync("""{"type":"say","text":"\uD83D\uDE00"}""");

        Assert.Equal("😀", (await bob.ExpectAsync<MessageFrame>()).Text);
    }

    /// <summary>Reads bytes up to and including the next newline and returns the line without it.</summary>
    private static async Task<string> ReadLineAsync(Socket socket)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        using var deadline = new CancellationTokenSource(Eventually.DefaultTimeout);
        while (await socket.ReceiveAsync(one, SocketFlags.None, deadline.Token) == 1 && one[0] != (byte)'\n')
        {
            bytes.Add(one[0]);
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }

    [GeneratedRegex("\"ts\":\"\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z\"")]
    private static partial Regex Timestamp();
}
