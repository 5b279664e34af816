using Piazza.Client.Session;

namespace Piazza.Client.Tests.Unit;

public sealed class TextsTests
{
    [Fact]
    public void An_unknown_leave_reason_is_still_shown()
    {
        Assert.Equal("bob left (banned)", Texts.Left("bob", "banned"));
    }

    [Fact]
    public void Kicked_is_said_in_words()
    {
        Assert.Equal("bob was removed from the room", Texts.Left("bob", "kicked"));
    }

    [Theory]
    [InlineData(0.1, 1)]
    [InlineData(1.0, 1)]
    [InlineData(1.01, 2)]
    [InlineData(29.5, 30)]
    [InlineData(-3, 0)]
    public void The_countdown_rounds_up_to_whole_seconds(double secondsLeft, int shown)
    {
        var now = DateTimeOffset.UnixEpoch;

        Assert.Equal(shown, Texts.SecondsUntil(now.AddSeconds(secondsLeft), now));
    }

    [Fact]
    public void The_form_remembers_what_was_typed_and_checks_it_with_the_shared_rules()
    {
        var model = ConnectFormModel.From(new Settings.ClientSettings { Host = "h", Port = 1, Username = "a" });

        model.Set("Port", " 6000 ");
        model.Set("Host", " chat.example.org ");

        Assert.True(model.IsValid);
        Assert.Equal(6000, model.PortNumber);
        Assert.Equal("chat.example.org", model.TrimmedHost);
        Assert.Null(model.VisibleError("Username"));
    }
}
