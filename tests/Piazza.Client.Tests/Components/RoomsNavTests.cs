using Piazza.Client.Components.Chat;
using Piazza.Client.Session;

namespace Piazza.Client.Tests.Components;

public sealed class RoomsNavTests : BunitContext
{
    [Fact]
    public void Each_room_is_named_with_its_unread_count_and_the_current_one_is_marked()
    {
        var piazza = new RoomView("#piazza");
        var dev = new RoomView("#dev");
        dev.CountUnread(mention: false, alert: false);
        dev.CountUnread(mention: true, alert: true);
        var bob = new RoomView("@bob");
        bob.CountUnread(mention: false, alert: true);
        string? selected = null;

        var cut = Render<RoomsNav>(p => p
            .Add(c => c.Rooms, [piazza, dev, bob])
            .Add(c => c.Current, piazza)
            .Add(c => c.OnSelect, (string r) => selected = r));

        Assert.Equal("Rooms", cut.Find("nav").GetAttribute("aria-label"));
        var entries = cut.FindAll(".room-link");
        Assert.Equal(["#piazza", "#dev, 2 unread, mentioned", "@bob, 1 unread"], entries.Select(e => e.GetAttribute("aria-label")));
        Assert.Equal(["true", null, null], entries.Select(e => e.GetAttribute("aria-current")));
        Assert.Equal(["2", "1"], cut.FindAll(".badge").Select(b => b.TextContent));
        Assert.Contains("unread", entries[1].ClassList);
        Assert.Contains("alerting", entries[2].ClassList);
        Assert.DoesNotContain("unread", entries[0].ClassList);
        Assert.Equal("Direct messages", cut.FindAll(".nav-title")[1].TextContent);

        entries[1].Click();
        Assert.Equal("#dev", selected);
        Assert.Single(cut.FindAll("button"), b => b.TextContent.Trim().EndsWith("Join a room", StringComparison.Ordinal));
    }
}
