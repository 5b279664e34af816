using Piazza.Client.Core;
using Piazza.Client.Session;

namespace Piazza.Client.Tests.Unit;

/// <summary>What the log says when an operator acts, and the commands that ask for it.</summary>
public sealed class ModerationTextsTests
{
    private static ModerationChanged Change(string action, TimeSpan? duration = null, string? reason = null, string user = "bob") =>
        new("#dev", 7, DateTimeOffset.UnixEpoch, action, "alice", user, duration, reason);

    [Fact]
    public void A_removal_names_the_operator_and_the_reason()
    {
        Assert.Equal("bob was removed by alice: spam", Texts.Left("bob", "kicked", "alice", "spam"));
        Assert.Equal("bob was removed by alice", Texts.Left("bob", "kicked", "alice", null));
        Assert.Equal("bob left the room", Texts.Left("bob", "part", null, null));
    }

    [Theory]
    [InlineData("ban", 3600, "spam", "alice banned bob from the room for 1 hour: spam")]
    [InlineData("ban", null, null, "alice banned bob from the room for good")]
    [InlineData("mute", 600, null, "alice muted bob for 10 minutes")]
    [InlineData("mute", 172800, "cool off", "alice muted bob for 2 days: cool off")]
    [InlineData("mute", 90, null, "alice muted bob for 90 seconds")]
    [InlineData("unban", null, null, "alice lifted the ban on bob")]
    [InlineData("unmute", null, null, "alice unmuted bob")]
    [InlineData("op", null, null, "alice made bob an operator of the room")]
    [InlineData("deop", null, null, "alice took operator rights from bob")]
    public void Each_action_reads_as_a_sentence(string action, int? seconds, string? reason, string expected)
    {
        Assert.Equal(expected, Texts.Moderation(Change(action, seconds is { } s ? TimeSpan.FromSeconds(s) : null, reason), me: "carol"));
    }

    [Fact]
    public void The_person_acted_on_reads_you()
    {
        Assert.Equal("alice muted you for good", Texts.Moderation(Change("mute", user: "Carol"), me: "carol"));
    }

    [Fact]
    public void A_confirmation_names_what_is_now_true()
    {
        Assert.Equal("Done: 203.0.113.9 is banned from the whole server for good.",
            Texts.Confirmed(new ModerationConfirmed("ban", "root", null, "203.0.113.9", null, null, null)));
        Assert.Equal("Done: carol is an operator of #dev.",
            Texts.Confirmed(new ModerationConfirmed("op", "alice", "carol", null, "#dev", null, null)));
    }

    [Theory]
    [InlineData("/kick bob spam and more", ModerationAction.Kick, "bob", "spam and more")]
    [InlineData("/ban @bob", ModerationAction.Ban, "bob", null)]
    [InlineData("/MUTE bob too loud", ModerationAction.Mute, "bob", "too loud")]
    [InlineData("/unban bob", ModerationAction.Unban, "bob", null)]
    [InlineData("/op carol", ModerationAction.Op, "carol", null)]
    [InlineData("/deop carol", ModerationAction.Deop, "carol", null)]
    public void Moderation_commands_name_the_person_and_the_reason(string line, ModerationAction action, string user, string? reason)
    {
        var command = SlashCommand.Parse(line);

        Assert.Equal((CommandKind.Moderate, action, user, reason), (command.Kind, command.Action!.Value, command.Target, command.Text));
    }

    [Theory]
    [InlineData("/kick", "Name the person: /kick name reason.")]
    [InlineData("/op 9lives", null)]
    [InlineData("/password now", "/password takes nothing after it: it opens a form, so no password shows in the message box.")]
    public void Malformed_commands_say_why(string line, string? error)
    {
        var command = SlashCommand.Parse(line);

        Assert.Equal(CommandKind.Invalid, command.Kind);
        if (error is not null)
        {
            Assert.Equal(error, command.Error);
        }
    }

    [Fact]
    public void Password_opens_the_form()
    {
        Assert.Equal(CommandKind.Password, SlashCommand.Parse("/password").Kind);
    }
}
