using Piazza.IrcClients.Tests.Harness;

namespace Piazza.IrcClients.Tests;

/// <summary>
/// The harness itself, against Debian's ngIRCd: irssi and WeeChat register, join, talk to each
/// other and quit. When this passes and the same steps fail on the door, the door is at fault.
/// </summary>
public sealed class HarnessOnNgircdTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Irssi_and_WeeChat_register_join_talk_both_ways_and_quit_on_ngIRCd()
    {
        Assert.SkipWhen(Programs.ClientsMissing is not null, Programs.ClientsMissing ?? "");
        Assert.SkipWhen(Programs.NgircdMissing is not null, Programs.NgircdMissing ?? "");
        await using var sandbox = new Sandbox("ngircd");
        var folder = Directory.CreateTempSubdirectory("piazza-ngircd-").FullName;
        try
        {
            await using var server = await Ngircd.StartAsync(folder);
            var irssi = sandbox.Irssi("issy", server.Port);
            var weechat = sandbox.WeeChat("weeny", server.Port);
            await irssi.StartAsync();
            await weechat.StartAsync();

            await irssi.JoinAsync("#piazza");
            await weechat.JoinAsync("#piazza");
            await irssi.SeesJoinAsync("weeny", "#piazza");

            await irssi.TypeAsync("irssi to weechat");
            output.WriteLine(await weechat.SeesMessageAsync("issy", "irssi to weechat"));
            await weechat.TypeAsync("weechat to irssi");
            output.WriteLine(await irssi.SeesMessageAsync("weeny", "weechat to irssi"));

            await weechat.QuitAsync("bye from weechat");
            output.WriteLine(await irssi.SeesLeaveAsync("weeny"));
            await irssi.QuitAsync("bye from irssi");

            Assert.Contains(irssi.Proxy.Sent, l => l.StartsWith("QUIT", StringComparison.Ordinal));
            Assert.Contains(weechat.Proxy.Sent, l => l.StartsWith("QUIT", StringComparison.Ordinal));
        }
        finally
        {
            foreach (var file in await sandbox.SaveLogsAsync())
            {
                output.WriteLine("IRC lines saved to " + file);
            }

            Directory.Delete(folder, recursive: true);
        }
    }
}
