using Piazza.Client.Components.Chat;
using Piazza.Client.Session;

namespace Piazza.Client.Tests.Components;

public sealed class MessageItemTests : BunitContext
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 20, 0, 0, TimeSpan.Zero);

    private IRenderedComponent<MessageItem> RenderEntry(ChatEntry entry, Action<string>? onRetry = null) =>
        Render<MessageItem>(p => p.Add(c => c.Entry, entry).Add(c => c.OnRetry, (string k) => onRetry?.Invoke(k)));

    [Theory]
    [InlineData("<script>alert('x')</script>")]
    [InlineData("<b>bold</b> & <i>more</i>")]
    [InlineData("<img src=x onerror=alert(1)>")]
    public void Message_text_is_shown_as_text_never_as_markup(string text)
    {
        var cut = RenderEntry(new MessageEntry("m-1", At, "bob", text));

        var shown = cut.Find(".msg-text");
        Assert.Equal(text, shown.TextContent);
        Assert.Empty(shown.Children);
        Assert.Empty(cut.FindAll("script, b, i, img"));
    }

    [Fact]
    public void A_message_shows_sender_time_and_text_with_automatic_direction()
    {
        var cut = RenderEntry(new MessageEntry("m-1", At, "bob", "مرحبا 👋 ciao\nseconda riga"));

        Assert.Equal("bob", cut.Find(".msg-from").TextContent);
        Assert.Equal(Texts.ShortTime(At), cut.Find("time").TextContent);
        Assert.Equal(At.ToString("O", System.Globalization.CultureInfo.InvariantCulture), cut.Find("time").GetAttribute("datetime"));
        Assert.Equal("auto", cut.Find(".msg-text").GetAttribute("dir"));
        Assert.Equal("مرحبا 👋 ciao\nseconda riga", cut.Find(".msg-text").TextContent);
        Assert.Empty(cut.FindAll(".you-tag"));
    }

    [Fact]
    public void Your_pending_message_is_marked_and_says_sending()
    {
        var cut = RenderEntry(new MessageEntry("own-1", At, "alice", "hi") { IsOwn = true, Delivery = DeliveryState.Pending });

        Assert.Contains("own", cut.Find(".msg").ClassList);
        Assert.Contains("delivery-pending", cut.Find(".msg").ClassList);
        Assert.Equal("you", cut.Find(".you-tag").TextContent);
        Assert.Equal("Sending…", cut.Find(".delivery-state").TextContent);
        Assert.Empty(cut.FindAll("button"));
    }

    [Fact]
    public void Your_acknowledged_message_says_sent()
    {
        var cut = RenderEntry(new MessageEntry("own-1", At, "alice", "hi") { IsOwn = true, Delivery = DeliveryState.Sent, Id = 43 });

        Assert.Contains("delivery-sent", cut.Find(".msg").ClassList);
        Assert.Equal("Sent", cut.Find(".delivery-state").TextContent);
        Assert.Empty(cut.FindAll("button"));
    }

    [Fact]
    public void Your_failed_message_says_why_and_offers_Retry()
    {
        string? retried = null;
        var cut = RenderEntry(new MessageEntry("own-7", At, "alice", "hi")
        {
            IsOwn = true,
            Delivery = DeliveryState.Failed,
            Error = "The connection dropped before the server confirmed the message.",
        }, k => retried = k);

        Assert.Equal("Not sent: The connection dropped before the server confirmed the message.", cut.Find(".delivery-state").TextContent);
        var retry = cut.Find("button");
        Assert.Equal("Retry", retry.TextContent);
        retry.Click();
        Assert.Equal("own-7", retried);
    }

    [Theory]
    [InlineData(DeliveryState.Waiting, "Waiting to send", "delivery-waiting")]
    [InlineData(DeliveryState.SendingSlowly, "Sending slowly: you are over the server's rate", "delivery-slow")]
    public void Your_message_says_when_it_waits_for_the_connection_or_for_the_servers_rate(DeliveryState state, string text, string css)
    {
        var cut = RenderEntry(new MessageEntry("own-1", At, "alice", "hi") { IsOwn = true, Delivery = state });

        Assert.Equal(text, cut.Find(".delivery-state").TextContent);
        Assert.Contains(css, cut.Find(".msg").ClassList);
        Assert.Empty(cut.FindAll("button"));
    }

    [Fact]
    public void Not_sent_for_want_of_a_connection_does_not_say_not_twice()
    {
        var cut = RenderEntry(new MessageEntry("own-1", At, "alice", "hi")
        {
            IsOwn = true,
            Delivery = DeliveryState.Failed,
            Error = "Not connected: reconnecting to the server.",
        });

        Assert.Equal("Not sent: reconnecting to the server.", cut.Find(".delivery-state").TextContent);
    }

    [Fact]
    public void A_message_naming_you_is_highlighted_and_says_so()
    {
        var cut = RenderEntry(new MessageEntry("m-1", At, "bob", "alice, look") { Mention = true });

        Assert.Contains("mention", cut.Find(".msg").ClassList);
        Assert.Equal("mentions you", cut.Find(".mention-tag").TextContent);
    }

    [Theory]
    [InlineData("part", "bob left the room")]
    [InlineData("quit", "bob left")]
    [InlineData("lost", "bob lost connection")]
    [InlineData("timeout", "bob timed out")]
    [InlineData("slow", "bob was disconnected for being too slow")]
    [InlineData("error", "bob was disconnected after a protocol error")]
    [InlineData("replaced", "bob was replaced by a new connection")]
    public void Leave_notices_give_the_reason_in_words(string reason, string expected)
    {
        var cut = RenderEntry(new NoticeEntry("n-1", At, NoticeKind.Left, Texts.Left("bob", reason)));

        Assert.Equal(expected, cut.Find(".notice-text").TextContent);
        Assert.Contains("notice-left", cut.Find(".notice").ClassList);
    }

    [Fact]
    public void A_join_notice_names_who_joined()
    {
        var cut = RenderEntry(new NoticeEntry("n-1", At, NoticeKind.Joined, Texts.Joined("bob")));

        Assert.Equal("bob joined", cut.Find(".notice-text").TextContent);
    }
}
