using Piazza.Client.Session;

namespace Piazza.Client.Tests.Unit;

public sealed class SlashCommandTests
{
    [Theory]
    [InlineData("/join #dev", CommandKind.Join, "#dev", null)]
    [InlineData("/join #Dev", CommandKind.Join, "#dev", null)]
    [InlineData("/join dev", CommandKind.Join, "#dev", null)]
    [InlineData("/JOIN #dev", CommandKind.Join, "#dev", null)]
    [InlineData("/part", CommandKind.Part, null, null)]
    [InlineData("/part #ops", CommandKind.Part, "#ops", null)]
    [InlineData("/msg bob lunch at one?", CommandKind.Msg, "@bob", "lunch at one?")]
    [InlineData("/msg @Bob hi", CommandKind.Msg, "@bob", "hi")]
    [InlineData("/topic release friday", CommandKind.Topic, null, "release friday")]
    [InlineData("/topic", CommandKind.Topic, null, null)]
    [InlineData("/who", CommandKind.Who, null, null)]
    [InlineData("/help", CommandKind.Help, null, null)]
    [InlineData("  /who", CommandKind.Who, null, null)]
    public void Commands_are_read_with_their_arguments(string line, CommandKind kind, string? target, string? text)
    {
        var command = SlashCommand.Parse(line);

        Assert.Equal((kind, target, text), (command.Kind, command.Target, command.Text));
    }

    [Theory]
    [InlineData("hello", "hello")]
    [InlineData("//shrug", "/shrug")]
    [InlineData("// two slashes", "/ two slashes")]
    [InlineData("a /msg in the middle", "a /msg in the middle")]
    public void Text_is_sent_and_a_double_slash_sends_one(string line, string sent)
    {
        var command = SlashCommand.Parse(line);

        Assert.Equal((CommandKind.Say, sent), (command.Kind, command.Text));
    }

    [Theory]
    [InlineData("/msgbob hi", "Unknown command /msgbob")]
    [InlineData("/shrug", "Unknown command /shrug")]
    [InlineData("/", "A command name goes after the /")]
    [InlineData("/msg bob", "Name the person and the message")]
    [InlineData("/msg 9bob hi", "Username must start with a letter")]
    [InlineData("/join", "Name the room to join")]
    [InlineData("/join #a b", "may contain only letters")]
    [InlineData("/who #dev", "/who takes nothing after it")]
    [InlineData("/bad\u202Ename", "That is not a command")]
    public void Anything_else_starting_with_a_slash_is_refused_with_a_reason_never_sent(string line, string reason)
    {
        var command = SlashCommand.Parse(line);

        Assert.Equal(CommandKind.Invalid, command.Kind);
        Assert.Null(command.Text);
        Assert.Contains(reason, command.Error, StringComparison.Ordinal);
    }
}
