namespace Piazza.IrcClients.Tests.Harness;

/// <summary>
/// WeeChat, with <c>--dir</c> in a fresh folder: the server is added and connected by commands
/// given at start; the side bars are hidden so the screen holds only the chat lines.
/// </summary>
internal sealed class WeeChat(Tmux tmux, string nick, string home, RecordingProxy proxy) : TerminalIrcClient(tmux, nick, home, proxy)
{
    public override string Program => "weechat";

    protected override string CommandLine(int port)
    {
        string[] commands =
        [
            "/set weechat.bar.buflist.hidden on",
            "/set weechat.bar.nicklist.hidden on",
            $"/server add door 127.0.0.1/{port}",
            "/set irc.server.door.tls off",
            $"/set irc.server.door.nicks {Nick}",
            $"/set irc.server.door.username {Nick}",
            "/connect door",
        ];
        return $"exec '{Programs.WeeChat}' --dir '{Home}' --run-command '{string.Join(';', commands)}'";
    }
}
