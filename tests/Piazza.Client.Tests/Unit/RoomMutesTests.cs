using Piazza.Client.Core;
using Piazza.Client.Session;

namespace Piazza.Client.Tests.Unit;

/// <summary>Who the page knows to be muted in a room, from the room's events and the server's confirmations.</summary>
public sealed class RoomMutesTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 20, 0, 0, TimeSpan.Zero);

    private static ModerationChanged Change(long id, string action, TimeSpan? duration = null, string user = "bob", string? reason = null) =>
        new("#dev", id, At, action, "alice", user, duration, reason);

    [Fact]
    public void A_mute_holds_until_its_end_and_no_longer()
    {
        var mutes = new RoomMutes();

        mutes.Apply(Change(7, "mute", TimeSpan.FromMinutes(10), reason: "cool off"));

        Assert.Equal(new MuteState(At.AddMinutes(10), "alice", "cool off"), mutes.Of("bob", At.AddMinutes(9)));
        Assert.Equal(mutes.Of("bob", At), mutes.Of("BOB", At));
        Assert.Null(mutes.Of("bob", At.AddMinutes(10)));
        Assert.Null(mutes.Of("carol", At));
    }

    [Fact]
    public void A_mute_for_good_holds_until_an_unmute()
    {
        var mutes = new RoomMutes();

        mutes.Apply(Change(7, "mute"));
        Assert.Equal(new MuteState(null, "alice", null), mutes.Of("bob", At.AddYears(5)));

        mutes.Apply(Change(8, "unmute"));
        Assert.Null(mutes.Of("bob", At));
    }

    [Fact]
    public void An_older_event_loaded_by_scrolling_back_does_not_undo_a_newer_one()
    {
        var mutes = new RoomMutes();
        mutes.Apply(Change(20, "unmute"));

        Assert.False(mutes.Apply(Change(12, "mute")));
        Assert.Null(mutes.Of("bob", At));

        mutes.Apply(Change(30, "mute", user: "carol"));
        mutes.Apply(Change(25, "unmute", user: "carol"));
        Assert.NotNull(mutes.Of("carol", At));
    }

    [Fact]
    public void Other_actions_change_nothing()
    {
        var mutes = new RoomMutes();

        Assert.False(mutes.Apply(Change(7, "ban", TimeSpan.FromHours(1))));
        Assert.False(mutes.Apply(Change(8, "op")));
        Assert.Equal(0, mutes.Count);
    }

    [Fact]
    public void The_servers_confirmation_that_an_unmute_changed_nothing_means_not_muted()
    {
        var mutes = new RoomMutes();
        mutes.Apply(Change(7, "mute"));

        // The mute ended (or was lifted where this page did not see it): the unmute changed nothing.
        mutes.Apply(new ModerationConfirmed("unmute", "alice", "bob", null, "#dev", null, null), asOf: 9, At);

        Assert.Null(mutes.Of("bob", At));
        Assert.False(mutes.Apply(new ModerationConfirmed("ban", "alice", null, "203.0.113.9", "#dev", null, null), asOf: 9, At));
    }

    [Fact]
    public void Its_sentence_says_until_when_by_whom_and_why()
    {
        Assert.Equal("bob is muted for good (by alice: spam).", Texts.Muted("bob", new MuteState(null, "alice", "spam"), At));
        var later = At.AddMinutes(10);
        Assert.Equal($"bob is muted until {Texts.ShortTime(later)} (by alice).", Texts.Muted("bob", new MuteState(later, "alice", null), At));
        Assert.Contains("2026-12-", Texts.Muted("bob", new MuteState(At.AddDays(7), "alice", null), At), StringComparison.Ordinal);
    }
}
