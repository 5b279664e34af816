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

    [Theory]
    [InlineData("Not connected: reconnecting to the server.", "Not sent: reconnecting to the server.")]
    [InlineData("Not connected yet: still connecting to the server.", "Not sent: still connecting to the server.")]
    [InlineData("Not connected: disconnecting from the server.", "Not sent: disconnecting from the server.")]
    [InlineData("Not connected to a server.", "Not sent: there is no connection to a server.")]
    [InlineData("The client disconnected before the message could be sent.", "Not sent: The client disconnected before the message could be sent.")]
    [InlineData(null, "Not sent.")]
    public void Not_sent_never_repeats_not(string? reason, string shown)
    {
        Assert.Equal(shown, Texts.NotSent(reason));
        Assert.DoesNotContain("Not connected", shown, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(0, false, "#dev")]
    [InlineData(2, false, "#dev, 2 unread")]
    [InlineData(1, true, "#dev, 1 unread, mentioned")]
    public void A_rooms_entry_says_its_unread_count_and_whether_you_were_mentioned(int unread, bool mentioned, string name) =>
        Assert.Equal(name, Texts.RoomEntry("#dev", unread, mentioned));

    [Fact]
    public void The_title_counts_mentions_and_direct_messages_first()
    {
        Assert.Equal("(3) Piazza", Texts.Title(3, "alice"));
        Assert.Equal("alice — Piazza", Texts.Title(0, "alice"));
        Assert.Equal("Piazza", Texts.Title(0, null));
    }

    [Fact]
    public void Days_are_today_yesterday_or_the_date_in_full()
    {
        var now = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeZoneInfo.Local.GetUtcOffset(new DateTime(2026, 11, 25, 12, 0, 0)));

        Assert.Equal("Today", Texts.Day(now.AddHours(-1), now));
        Assert.Equal("Yesterday", Texts.Day(now.AddDays(-1), now));
        Assert.Equal("Monday 23 November 2026", Texts.Day(now.AddDays(-2), now));
    }
}
