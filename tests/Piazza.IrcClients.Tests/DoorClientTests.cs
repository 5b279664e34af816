using System.Globalization;
using Piazza.IrcClients.Tests.Harness;

namespace Piazza.IrcClients.Tests;

/// <summary>
/// irssi and WeeChat against the IRC door of the real server (SQLite store in a fresh data
/// folder): each registers, joins #piazza, talks both ways with a Piazza client and with the
/// other IRC client, sees a Piazza user join and leave, and quits cleanly. Every line the two
/// programs sent and were answered is saved to TestResults/irc-clients/door-*.log.
/// </summary>
public sealed class DoorClientTests(ITestOutputHelper output)
{
    private const string Channel = "#piazza";

    [Fact]
    public async Task Irssi_and_WeeChat_chat_with_Piazza_clients_and_each_other_through_the_door()
    {
        Assert.SkipWhen(Programs.ClientsMissing is not null, Programs.ClientsMissing ?? "");
        using var data = new TempDataDirectory();
        var port = Ports.Free();
        var ircPort = Ports.Free();
        await using var server = ServerProcess.Start(
            "--port", Text(port), "--irc-port", Text(ircPort), "--store", "sqlite", "--data-dir", data.Path);
        await server.WaitUntilListeningAsync();
        await using var sandbox = new Sandbox("door");
        try
        {
            await using var nadia = await ServerProcess.ConnectWhenListeningAsync(port);
            await nadia.EnterAsync("nadia", Channel);
            var irssi = sandbox.Irssi("issy", ircPort);
            var weechat = sandbox.WeeChat("weeny", ircPort);
            await irssi.StartAsync();
            await weechat.StartAsync();

            await irssi.JoinAsync(Channel);
            await nadia.ExpectAsync<JoinedFrame>(j => j.User == "issy" && j.Room == Channel);
            await weechat.JoinAsync(Channel);
            await nadia.ExpectAsync<JoinedFrame>(j => j.User == "weeny" && j.Room == Channel);
            output.WriteLine(await irssi.SeesJoinAsync("weeny", Channel));

            // IRC to Piazza and to the other IRC client, both ways.
            await irssi.TypeAsync("hello from irssi");
            Assert.Equal("hello from irssi", (await nadia.ExpectAsync<MessageFrame>(m => m.From == "issy")).Text);
            output.WriteLine(await weechat.SeesMessageAsync("issy", "hello from irssi"));
            await weechat.TypeAsync("hello from weechat");
            Assert.Equal("hello from weechat", (await nadia.ExpectAsync<MessageFrame>(m => m.From == "weeny")).Text);
            output.WriteLine(await irssi.SeesMessageAsync("weeny", "hello from weechat"));

            // Piazza to IRC.
            await nadia.SayInAsync(Channel, "hello from piazza");
            output.WriteLine(await irssi.SeesMessageAsync("nadia", "hello from piazza"));
            output.WriteLine(await weechat.SeesMessageAsync("nadia", "hello from piazza"));

            // A Piazza user comes and goes.
            await using (var pat = await RawClient.ConnectAsync(port))
            {
                await pat.EnterAsync("pat", Channel);
                output.WriteLine(await irssi.SeesJoinAsync("pat", Channel));
                output.WriteLine(await weechat.SeesJoinAsync("pat", Channel));
                await pat.SendAsync(new ByeFrame());
                await pat.ReadToEndAsync();
            }

            output.WriteLine(await irssi.SeesLeaveAsync("pat"));
            output.WriteLine(await weechat.SeesLeaveAsync("pat"));

            // irssi calls a channel synced only once MODE #c (324), WHO #c with WHOX (315) and MODE #c b (368) are answered.
            output.WriteLine(await irssi.ScreenLineAsync(l => l.Contains("Join to " + Channel + " was synced", StringComparison.Ordinal), "irssi's 'Join to #piazza was synced'"));
            Assert.Contains(irssi.Proxy.Sent, l => l.StartsWith("WHO " + Channel, StringComparison.Ordinal));
            Assert.Contains(weechat.Proxy.Answered, l => TerminalIrcClient.Numeric(l) == "324");

            // Both quit; the Piazza side sees them go.
            await weechat.QuitAsync("bye from weechat");
            var weenyLeft = await nadia.ExpectAsync<LeftFrame>(l => l.User == "weeny" && l.Room == Channel);
            var seen = await irssi.SeesLeaveAsync("weeny");
            output.WriteLine(seen);
            Assert.Contains("bye from weechat", seen, StringComparison.Ordinal);
            Assert.Equal("bye from weechat", weenyLeft.Note);
            await irssi.QuitAsync("bye from irssi");
            var issyLeft = await nadia.ExpectAsync<LeftFrame>(l => l.User == "issy" && l.Room == Channel);
            Assert.Equal("bye from irssi", issyLeft.Note);

            foreach (var client in new TerminalIrcClient[] { irssi, weechat })
            {
                Assert.Contains(client.Proxy.Sent, l => TerminalIrcClient.Command(l) == "QUIT");
                var errors = client.Proxy.Answered.Where(IsErrorNumeric).ToList();
                output.WriteLine($"{client.Program}: {client.Proxy.Sent.Count} lines sent, {client.Proxy.Answered.Count} answered, error numerics: {(errors.Count == 0 ? "none" : string.Join(" | ", errors))}");
                Assert.True(errors.Count == 0, $"{client.Program} was answered with error numerics: {string.Join(" | ", errors)}");
            }
        }
        finally
        {
            foreach (var file in await sandbox.SaveLogsAsync())
            {
                output.WriteLine("IRC lines saved to " + file);
            }

            if (server.Stderr.Trim().Length > 0)
            {
                output.WriteLine("server stderr: " + server.Stderr);
            }
        }

        Assert.Equal("", server.Stderr.Trim());
    }

    /// <summary>An ERR_ numeric (400-599), the 451 answer to irssi's registration probe aside.</summary>
    private static bool IsErrorNumeric(string line)
    {
        var numeric = TerminalIrcClient.Numeric(line);
        return numeric.Length == 3 && numeric[0] is '4' or '5' && numeric != "451";
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
