using Piazza.Client.Components.Chat;
using Piazza.Client.Core;
using Piazza.Client.Session;

namespace Piazza.Client.Tests.Components;

public sealed class StatusLineTests : BunitContext
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 20, 0, 0, TimeSpan.Zero);

    private string StatusText(ChatStatus status, DateTimeOffset now)
    {
        var cut = Render<StatusLine>(p => p.Add(c => c.Status, status).Add(c => c.Now, now));
        var line = cut.Find("[role=status]");
        return line.QuerySelector(".status-text")!.TextContent;
    }

    [Fact]
    public void Connected_names_you_and_the_server()
    {
        Assert.Equal("Connected as alice to chat.example.org:5000",
            StatusText(new ChatStatus(ConnectionState.Connected, "alice", "chat.example.org", 5000), Now));
    }

    [Fact]
    public void An_IPv6_server_is_written_in_brackets()
    {
        Assert.Equal("Connected as alice to [::1]:5000", StatusText(new ChatStatus(ConnectionState.Connected, "alice", "::1", 5000), Now));
    }

    [Fact]
    public void Reconnecting_counts_down_to_the_next_attempt()
    {
        var status = new ChatStatus(ConnectionState.Reconnecting, "alice", "127.0.0.1", 5000, ReconnectAttempt: 3, NextAttemptAt: Now.AddSeconds(7.2));

        Assert.Equal("Reconnecting, attempt 3, next in 8 s", StatusText(status, Now));
        Assert.Equal("Reconnecting, attempt 3, next in 5 s", StatusText(status, Now.AddSeconds(3)));
        Assert.Equal("Reconnecting, attempt 3, next in 1 s", StatusText(status, Now.AddSeconds(7)));
        Assert.Equal("Reconnecting, attempt 3, trying now…", StatusText(status, Now.AddSeconds(7.2)));
    }

    [Fact]
    public void The_countdown_changes_when_the_page_is_given_a_later_now()
    {
        var status = new ChatStatus(ConnectionState.Reconnecting, "alice", "127.0.0.1", 5000, ReconnectAttempt: 1, NextAttemptAt: Now.AddSeconds(4));
        var cut = Render<StatusLine>(p => p.Add(c => c.Status, status).Add(c => c.Now, Now));
        Assert.Equal("Reconnecting, attempt 1, next in 4 s", cut.Find(".status-text").TextContent);

        cut.Render(p => p.Add(c => c.Now, Now.AddSeconds(2)));

        Assert.Equal("Reconnecting, attempt 1, next in 2 s", cut.Find(".status-text").TextContent);
    }

    [Fact]
    public void Screen_readers_hear_the_attempt_once_not_the_countdown_every_second()
    {
        var status = new ChatStatus(ConnectionState.Reconnecting, "alice", "127.0.0.1", 5000, ReconnectAttempt: 2, NextAttemptAt: Now.AddSeconds(9));
        var cut = Render<StatusLine>(p => p.Add(c => c.Status, status).Add(c => c.Now, Now));
        var spoken = cut.Find("[role=status] .visually-hidden").TextContent;

        cut.Render(p => p.Add(c => c.Now, Now.AddSeconds(3)));

        Assert.Equal("true", cut.Find(".status-text").GetAttribute("aria-hidden"));
        Assert.Equal("Reconnecting, attempt 2", spoken);
        Assert.Equal(spoken, cut.Find("[role=status] .visually-hidden").TextContent);
        Assert.Equal("Reconnecting, attempt 2, next in 6 s", cut.Find(".status-text").TextContent);
    }

    [Fact]
    public void Disconnected_says_so_with_the_last_problem_beside_it()
    {
        var cut = Render<StatusLine>(p => p
            .Add(c => c.Status, ChatSession.Disconnected with { LastError = "Connection refused." })
            .Add(c => c.Now, Now));

        Assert.Equal("Disconnected", cut.Find(".status-text").TextContent);
        Assert.Equal("Connection refused.", cut.Find(".status-detail").TextContent);
        Assert.Contains("state-disconnected", cut.Find("[role=status]").ClassList);
    }

    [Fact]
    public void Connecting_names_the_server()
    {
        Assert.Equal("Connecting to 10.1.2.3:7000…", StatusText(new ChatStatus(ConnectionState.Connecting, "alice", "10.1.2.3", 7000), Now));
    }
}
