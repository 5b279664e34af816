using Piazza.Client.Components.Chat;
using Piazza.Client.Core;
using Piazza.Client.Session;

namespace Piazza.Client.Tests.Components;

public sealed class ChatScreenTests : BunitContext
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 20, 0, 0, TimeSpan.Zero);

    public ChatScreenTests() => JSInterop.Mode = JSRuntimeMode.Loose;

    private IRenderedComponent<ChatScreen> RenderChat(ChatStatus status, IReadOnlyList<ChatEntry>? entries = null,
        Action<string>? onSend = null)
    {
        var room = new RoomView("#piazza") { Users = ["bob", "alice", "Carol"], IsJoined = true };
        foreach (var entry in entries ?? [])
        {
            if (entry is MessageEntry { IsOwn: true, Delivery: not DeliveryState.Sent } own)
            {
                room.AddOutgoing(own);
            }
            else
            {
                room.Append(entry);
            }
        }

        return Render<ChatScreen>(p => p
            .Add(c => c.Rooms, [room])
            .Add(c => c.Current, room)
            .Add(c => c.Me, "alice")
            .Add(c => c.Status, status)
            .Add(c => c.Now, At)
            .Add(c => c.Submit, t =>
            {
                onSend?.Invoke(t);
                return Task.FromResult<string?>(null);
            }));
    }

    private static ChatStatus Connected => new(ConnectionState.Connected, "alice", "127.0.0.1", 5000);

    [Fact]
    public void The_chat_has_its_labelled_controls()
    {
        var cut = RenderChat(Connected);

        var buttons = cut.FindAll("button").Select(b => b.TextContent.Trim()).ToList();
        Assert.Contains("Send", buttons);
        Assert.Contains("Disconnect", buttons);
        Assert.Contains("Close", buttons);
        Assert.DoesNotContain("Reconnect", buttons);
        Assert.Equal("Message", cut.Find("label[for=message]").TextContent);
        Assert.Equal("textarea", cut.Find("#message").TagName, ignoreCase: true);
        var log = cut.Find("[role=log]");
        Assert.Equal("polite", log.GetAttribute("aria-live"));
        Assert.Equal("Connected as alice to 127.0.0.1:5000", cut.Find("[role=status] .status-text").TextContent);
    }

    [Fact]
    public void The_people_online_are_a_list_labelled_Online_with_you_first()
    {
        var cut = RenderChat(Connected);

        var list = cut.Find("ul.people");
        var labelId = list.GetAttribute("aria-labelledby");
        Assert.Equal("Online", cut.Find("#" + labelId).TextContent);
        var names = cut.FindAll("li .person-name").Select(n => n.TextContent).ToList();
        Assert.Equal(["alice", "bob", "Carol"], names);
        Assert.Equal("you", cut.Find("li:first-child .you-tag").TextContent);
        Assert.Single(cut.FindAll(".people .you-tag"));
        Assert.Equal("3", cut.Find(".online-count").TextContent);
    }

    [Fact]
    public void Entries_appear_in_the_log_in_order()
    {
        var cut = RenderChat(Connected,
        [
            new NoticeEntry("n-1", At, NoticeKind.Joined, "bob joined"),
            new MessageEntry("m-1", At, "bob", "ciao"),
            new MessageEntry("own-1", At, "alice", "hello") { IsOwn = true, Delivery = DeliveryState.Pending },
        ]);

        var items = cut.FindAll("[role=log] > .msg, [role=log] > .notice").Select(c => c.TextContent).ToList();
        Assert.Equal(3, items.Count);
        Assert.Contains("bob joined", items[0]);
        Assert.Contains("ciao", items[1]);
        Assert.Contains("Sending…", items[2]);
    }

    [Fact]
    public void An_empty_log_invites_a_first_message()
    {
        var cut = RenderChat(Connected);

        Assert.Equal("No messages yet. Say hello!", cut.Find("[role=log]").TextContent.Trim());
    }

    [Fact]
    public void Send_is_disabled_until_there_is_text_and_sending_clears_the_box()
    {
        string? sent = null;
        var cut = RenderChat(Connected, onSend: t => sent = t);
        var send = () => cut.FindAll("button").Single(b => b.TextContent == "Send");
        Assert.Equal("true", send().GetAttribute("aria-disabled"));

        cut.Find("#message").Input("   ");
        Assert.Equal("true", send().GetAttribute("aria-disabled"));

        cut.Find("#message").Input("ciao\na tutti");
        Assert.Equal("false", send().GetAttribute("aria-disabled"));
        cut.Find("form.composer").Submit();

        Assert.Equal("ciao\na tutti", sent);
        Assert.Equal("", cut.Find("#message").GetAttribute("value") ?? "");
        Assert.Equal("true", send().GetAttribute("aria-disabled"));
    }

    [Fact]
    public void A_message_over_the_limit_says_so_and_cannot_be_sent()
    {
        var cut = RenderChat(Connected);

        cut.Find("#message").Input(new string('x', 2001));

        Assert.Equal("Message is 2001 characters long; the limit is 2000.", cut.Find("#message-hint").TextContent.Trim());
        Assert.Equal("true", cut.Find("#message").GetAttribute("aria-invalid"));
        Assert.Equal("true", cut.FindAll("button").Single(b => b.TextContent == "Send").GetAttribute("aria-disabled"));
    }

    [Fact]
    public void When_disconnected_Send_is_off_and_Reconnect_is_offered()
    {
        var cut = RenderChat(ChatSession.Disconnected);

        cut.Find("#message").Input("hello");

        Assert.Equal("true", cut.FindAll("button").Single(b => b.TextContent == "Send").GetAttribute("aria-disabled"));
        Assert.Single(cut.FindAll("button"), b => b.TextContent == "Reconnect");
        Assert.Equal("Disconnected", cut.Find("[role=status] .status-text").TextContent);
    }

    [Fact]
    public void A_command_that_cannot_be_done_says_why_under_the_box_and_the_line_stays()
    {
        var room = new RoomView("#piazza") { IsJoined = true };
        var cut = Render<ChatScreen>(p => p
            .Add(c => c.Rooms, [room])
            .Add(c => c.Current, room)
            .Add(c => c.Me, "alice")
            .Add(c => c.Status, Connected)
            .Add(c => c.Submit, _ => Task.FromResult<string?>("Unknown command /shrug; /help lists the commands.")));

        cut.Find("#message").Input("/shrug");
        cut.Find("form.composer").Submit();

        Assert.Equal("Unknown command /shrug; /help lists the commands.", cut.Find("#message-hint").TextContent.Trim());
        Assert.Equal("/shrug", cut.Find("#message").GetAttribute("value"));
        Assert.Equal("true", cut.Find("#message").GetAttribute("aria-invalid"));

        cut.Find("#message").Input("//shrug");
        Assert.Equal(Composer.Hint, cut.Find("#message-hint").TextContent.Trim());
    }

    [Fact]
    public void The_room_on_screen_has_its_name_as_heading_its_topic_and_Leave_room()
    {
        var room = new RoomView("#dev") { IsJoined = true, Topic = "release friday" };
        var cut = Render<ChatScreen>(p => p
            .Add(c => c.Rooms, [room])
            .Add(c => c.Current, room)
            .Add(c => c.Me, "alice")
            .Add(c => c.Status, Connected));

        Assert.Equal("#dev", cut.Find("main h2").TextContent);
        Assert.Equal("release friday", cut.Find(".room-topic").TextContent);
        Assert.Single(cut.FindAll("button"), b => b.TextContent == "Leave room");
        Assert.Equal("Message #dev", cut.Find("#message").GetAttribute("placeholder"));
    }

    [Fact]
    public void While_a_reconnect_waits_Reconnect_now_is_offered()
    {
        var waiting = new ChatStatus(ConnectionState.Reconnecting, "alice", "127.0.0.1", 5000, 3, At.AddSeconds(20), "Connection refused.");
        var reconnected = 0;
        var room = new RoomView("#piazza");
        var cut = Render<ChatScreen>(p => p
            .Add(c => c.Rooms, [room])
            .Add(c => c.Current, room)
            .Add(c => c.Me, "alice")
            .Add(c => c.Status, waiting)
            .Add(c => c.Now, At)
            .Add(c => c.OnReconnectNow, () => reconnected++));

        cut.FindAll("button").Single(b => b.TextContent == "Reconnect now").Click();

        Assert.Equal(1, reconnected);
    }
}
