namespace Piazza.IrcClients.Tests.Harness;

/// <summary>irssi, with <c>--home</c> in a fresh folder: it writes its default configuration there and connects at start.</summary>
internal sealed class Irssi(Tmux tmux, string nick, string home, RecordingProxy proxy) : TerminalIrcClient(tmux, nick, home, proxy)
{
    public override string Program => "irssi";

    protected override string CommandLine(int port) =>
        $"exec '{Programs.Irssi}' --home='{Home}' --nick={Nick} --connect=127.0.0.1 --port={port}";
}
