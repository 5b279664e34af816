using Piazza.Client.Components.Chat;
using Piazza.Client.Session;

namespace Piazza.Client.Tests.Components;

public sealed class MessageListTests : BunitContext
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 20, 0, 0, TimeSpan.Zero);

    public MessageListTests() => JSInterop.Mode = JSRuntimeMode.Loose;

    private IRenderedComponent<MessageList> RenderList(RoomView room) =>
        Render<MessageList>(p => p.Add(c => c.Room, room).Add(c => c.Now, Now));

    private static RoomView RoomWith(int messages, DateTimeOffset? from = null, TimeSpan? every = null)
    {
        var room = new RoomView("#dev") { IsJoined = true };
        for (var i = 1; i <= messages; i++)
        {
            var ts = (from ?? Now.AddHours(-1)) + ((every ?? TimeSpan.FromMilliseconds(1)) * i);
            room.Append(new MessageEntry($"m-{i}", ts, "bob", $"message {i}") { Id = i });
        }

        return room;
    }

    [Fact]
    public void A_room_of_10000_messages_renders_only_its_end()
    {
        var cut = RenderList(RoomWith(10_000));

        var shown = cut.FindAll(".msg-text").Select(m => m.TextContent).ToList();
        Assert.Equal(MessageList.Tail, shown.Count);
        Assert.Equal("message 10000", shown[^1]);
        Assert.Equal($"message {10_000 - MessageList.Tail + 1}", shown[0]);
    }

    [Fact]
    public void Messages_of_different_days_are_separated_by_their_day()
    {
        var local = TimeZoneInfo.Local.GetUtcOffset(Now.UtcDateTime);
        var noon = new DateTimeOffset(2026, 11, 25, 12, 0, 0, local);
        var room = new RoomView("#dev") { IsJoined = true };
        room.Append(new MessageEntry("a", noon.AddDays(-3), "bob", "old") { Id = 1 });
        room.Append(new MessageEntry("b", noon.AddDays(-3).AddMinutes(5), "bob", "same day") { Id = 2 });
        room.Append(new MessageEntry("c", noon.AddDays(-1), "bob", "yesterday") { Id = 3 });
        room.Append(new NoticeEntry("d", noon, NoticeKind.Joined, "carol joined") { Id = 4 });
        room.Append(new MessageEntry("e", noon.AddMinutes(1), "carol", "today") { Id = 5 });

        var cut = Render<MessageList>(p => p.Add(c => c.Room, room).Add(c => c.Now, noon.AddHours(1)));

        var order = cut.FindAll(".day-divider, .msg-text, .notice-text").Select(e => e.TextContent.Trim()).ToList();
        Assert.Equal(["Sunday 22 November 2026", "old", "same day", "Yesterday", "yesterday", "Today", "carol joined", "today"], order);
        Assert.All(cut.FindAll(".day-divider"), d => Assert.Equal("separator", d.GetAttribute("role")));
        Assert.Equal("Yesterday", cut.FindAll(".day-divider")[1].GetAttribute("aria-label"));
    }

    [Fact]
    public void The_New_messages_divider_sits_above_the_first_unread_message()
    {
        var room = RoomWith(5);
        room.MarkNewFrom("m-4");

        var cut = RenderList(room);

        var order = cut.FindAll(".unread-divider, .msg-text").Select(e => e.TextContent.Trim()).ToList();
        Assert.Equal(["message 1", "message 2", "message 3", "New messages", "message 4", "message 5"], order);
        Assert.Equal("New messages", cut.Find(".unread-divider").GetAttribute("aria-label"));
    }

    [Fact]
    public void The_top_says_Loading_while_older_messages_come_and_where_the_room_begins_once_there()
    {
        var room = RoomWith(3);
        room.IsLoadingOlder = true;
        room.Touch();
        var cut = RenderList(room);
        Assert.Equal("Loading…", cut.Find(".log-loading").TextContent.Trim());
        Assert.Empty(cut.FindAll(".log-beginning"));

        room.IsLoadingOlder = false;
        room.ReachedBeginning = true;
        room.Touch();
        cut.Render(p => p.Add(c => c.Room, room));

        Assert.Empty(cut.FindAll(".log-loading"));
        Assert.Equal("This is the beginning of #dev.", cut.Find(".log-beginning").TextContent);
    }

    [Fact]
    public async Task Scrolling_near_the_top_moves_the_window_up_then_asks_for_older_pages()
    {
        var room = RoomWith(1000);
        var asked = 0;
        var cut = Render<MessageList>(p => p.Add(c => c.Room, room).Add(c => c.Now, Now).Add(c => c.OnLoadOlder, () => asked++));

        for (var i = 0; i < 30 && asked == 0; i++)
        {
            await cut.InvokeAsync(cut.Instance.NearTop);
            var shown = cut.FindAll(".msg-text").Select(m => int.Parse(m.TextContent.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.InRange(shown.Count, 1, MessageList.MaxWindow);
            Assert.Equal(Enumerable.Range(shown[0], shown.Count), shown);
        }

        Assert.Equal(1, asked);
        Assert.Equal("message 1", cut.FindAll(".msg-text")[0].TextContent);
    }
}
