using Piazza.Client.Components.Chat;
using Piazza.Client.Core;
using Piazza.Client.Session;

namespace Piazza.Client.Tests.Components;

/// <summary>The operator's member menu as the page knows who is muted, and the server operators' form for names and addresses.</summary>
public sealed class ModerationMenuTests : BunitContext
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 20, 0, 0, TimeSpan.Zero);

    private readonly List<ModerationCommand> _asked = [];

    public ModerationMenuTests() => JSInterop.Mode = JSRuntimeMode.Loose;

    private IRenderedComponent<ChatScreen> RenderChat(RoomView room, bool isAdmin = false, string? refusal = null) =>
        Render<ChatScreen>(p => p
            .Add(c => c.Rooms, [room, new RoomView("#ops") { IsJoined = true }, new RoomView("@bob") { IsJoined = true }])
            .Add(c => c.Current, room)
            .Add(c => c.Me, "alice")
            .Add(c => c.Status, new ChatStatus(ConnectionState.Connected, "alice", "127.0.0.1", 5000))
            .Add(c => c.Now, At)
            .Add(c => c.CanModerate, true)
            .Add(c => c.IsAdmin, isAdmin)
            .Add(c => c.Moderate, command =>
            {
                _asked.Add(command);
                return Task.FromResult(refusal);
            }));

    private static RoomView Dev()
    {
        var room = new RoomView("#dev") { Users = ["alice", "bob", "carol"], Operators = ["alice"], IsJoined = true };
        room.Mutes.Apply(new ModerationChanged("#dev", 7, At.AddMinutes(-5), "mute", "alice", "bob", TimeSpan.FromMinutes(10), "cool off"));
        return room;
    }

    private static List<string> Actions(IRenderedComponent<ChatScreen> cut, string dialog = ".moderation-dialog") =>
        [.. cut.FindAll($"{dialog} fieldset:first-of-type label.radio strong").Select(s => s.TextContent)];

    private static AngleSharp.Dom.IElement ServerForm(IRenderedComponent<ChatScreen> cut) => cut.Find(".server-moderation-dialog form");

    [Fact]
    public void A_person_known_to_be_muted_is_marked_and_offered_Unmute_not_Mute()
    {
        var cut = RenderChat(Dev());

        var tags = cut.FindAll(".people li").Select(li => (li.QuerySelector(".person-name")!.TextContent, li.QuerySelector(".muted-tag")?.TextContent)).ToList();
        Assert.Equal([("alice", null), ("bob", "muted"), ("carol", null)], tags);
        Assert.Contains("bob is muted until", cut.Find(".muted-tag").GetAttribute("title"), StringComparison.Ordinal);

        cut.Find("button[aria-label='Moderate bob']").Click();
        Assert.Equal(["Kick", "Ban", "Unmute", "Make operator"], Actions(cut));
        Assert.Equal($"bob is muted until {Texts.ShortTime(At.AddMinutes(5))} (by alice: cool off).", cut.Find(".moderation-state").TextContent);
    }

    [Fact]
    public void A_person_not_known_to_be_muted_is_offered_Mute_and_a_duration()
    {
        var cut = RenderChat(Dev());

        cut.Find("button[aria-label='Moderate carol']").Click();
        Assert.Equal(["Kick", "Ban", "Mute", "Make operator"], Actions(cut));
        Assert.Empty(cut.FindAll(".moderation-state"));

        cut.FindAll(".moderation-dialog input[type=radio]")[2].Change(true);
        Assert.Equal(["10 minutes", "1 hour", "1 day", "1 week", "For good"],
            cut.FindAll("#moderation-duration option").Select(o => o.TextContent));
        cut.Find("#moderation-duration").Change("600");
        cut.Find(".moderation-dialog form").Submit();

        var asked = Assert.Single(_asked);
        Assert.Equal((ModerationAction.Mute, "#dev", "carol", TimeSpan.FromMinutes(10)), (asked.Action, asked.Room, asked.User, asked.Duration));
    }

    [Fact]
    public void Once_the_mute_has_ended_Mute_is_offered_again()
    {
        var room = Dev();
        var cut = Render<ChatScreen>(p => p
            .Add(c => c.Rooms, [room])
            .Add(c => c.Current, room)
            .Add(c => c.Me, "alice")
            .Add(c => c.Status, new ChatStatus(ConnectionState.Connected, "alice", "127.0.0.1", 5000))
            .Add(c => c.Now, At.AddMinutes(6))
            .Add(c => c.CanModerate, true));

        Assert.Empty(cut.FindAll(".muted-tag"));
        cut.Find("button[aria-label='Moderate bob']").Click();
        Assert.Contains("Mute", Actions(cut));
        Assert.DoesNotContain("Unmute", Actions(cut));
    }

    [Fact]
    public void Only_a_server_operator_has_the_Server_moderation_form()
    {
        var cut = RenderChat(Dev());
        Assert.DoesNotContain("Server moderation", cut.FindAll("button").Select(b => b.TextContent.Trim()));

        var admin = RenderChat(Dev(), isAdmin: true);
        admin.FindAll("button").Single(b => b.TextContent.Trim() == "Server moderation").Click();
        Assert.Equal("Server moderation", admin.Find("#server-moderation-title").TextContent);
        Assert.Equal(["Ban", "Unban", "Mute", "Unmute"], Actions(admin, ".server-moderation-dialog"));
        // The rooms you are in, besides the whole server; never a conversation.
        Assert.Equal(["The whole server", "#dev only", "#ops only"], admin.FindAll("#server-moderation-where option").Select(o => o.TextContent));
    }

    [Fact]
    public void An_address_is_checked_as_typed_and_banned_from_the_whole_server_for_the_duration_chosen()
    {
        var cut = RenderChat(Dev(), isAdmin: true);
        cut.FindAll("button").Single(b => b.TextContent.Trim() == "Server moderation").Click();

        cut.Find("input[name=server-moderation-kind][value=address]").Change(true);
        Assert.Equal("Address", cut.Find("label[for=server-moderation-target]").TextContent);
        cut.Find("#server-moderation-target").Input("203.0.113");
        Assert.Equal("Address must be one IP address, such as 203.0.113.9 or 2001:db8::7.", cut.Find("#server-moderation-target-hint").TextContent);
        var apply = ServerForm(cut).QuerySelector("button[type=submit]")!;
        Assert.Equal("true", apply.GetAttribute("aria-disabled"));
        ServerForm(cut).Submit();
        Assert.Empty(_asked);

        cut.Find("#server-moderation-target").Input(" 203.0.113.9 ");
        cut.Find("#server-moderation-duration").Change("86400");
        cut.Find("#server-moderation-reason").Input("flood");
        apply = ServerForm(cut).QuerySelector("button[type=submit]")!;
        Assert.Equal("Ban 203.0.113.9 from the server", apply.TextContent);
        Assert.Equal("false", apply.GetAttribute("aria-disabled"));
        ServerForm(cut).Submit();

        var asked = Assert.Single(_asked);
        Assert.Equal((ModerationAction.Ban, null, null, "203.0.113.9", TimeSpan.FromDays(1), "flood"),
            (asked.Action, asked.Room, asked.User, asked.Address, asked.Duration, asked.Reason));
        // Done: the form closes (the server's confirmation shows in the log).
        Assert.Empty(cut.FindAll("#server-moderation-title"));
    }

    [Fact]
    public void A_name_can_be_muted_in_one_room_for_good_and_a_refusal_stays_in_the_form()
    {
        var cut = RenderChat(Dev(), isAdmin: true, refusal: "You may not do that: only server operators act on the whole server.");
        cut.FindAll("button").Single(b => b.TextContent.Trim() == "Server moderation").Click();

        cut.FindAll("input[name=server-moderation-action]")[2].Change(true);
        cut.Find("#server-moderation-target").Input("@Mallory");
        cut.Find("#server-moderation-where").Change("#ops");
        cut.Find("#server-moderation-duration").Change("");
        Assert.Equal("Mute Mallory in #ops", ServerForm(cut).QuerySelector("button[type=submit]")!.TextContent);
        ServerForm(cut).Submit();

        var asked = Assert.Single(_asked);
        Assert.Equal((ModerationAction.Mute, "#ops", "Mallory", null, null), (asked.Action, asked.Room, asked.User, asked.Address, asked.Duration));
        Assert.Contains("only server operators", ServerForm(cut).QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_that_breaks_the_rules_says_so()
    {
        var cut = RenderChat(Dev(), isAdmin: true);
        cut.FindAll("button").Single(b => b.TextContent.Trim() == "Server moderation").Click();

        cut.Find("#server-moderation-target").Input("9lives");
        Assert.Equal(Piazza.Protocol.UsernameRules.Validate("9lives").Message, cut.Find("#server-moderation-target-hint").TextContent);
    }

    [Fact]
    public void A_mute_by_someone_else_while_the_menu_is_open_takes_back_the_choice_of_Mute()
    {
        var cut = Render<ModerationDialog>(p => p
            .Add(c => c.IsOpen, true)
            .Add(c => c.Target, "bob")
            .Add(c => c.Room, "#dev")
            .Add(c => c.Now, At));
        cut.FindAll("input[type=radio]")[2].Change(true);
        Assert.Equal("Mute bob", cut.Find("button[type=submit]").TextContent);

        cut.Render(p => p.Add(c => c.Mute, new MuteState(null, "carol", null)));

        Assert.Equal("Kick bob", cut.Find("button[type=submit]").TextContent);
        Assert.Equal("Unmute", cut.FindAll("label.radio strong")[2].TextContent);
        Assert.Equal("bob is muted for good (by carol).", cut.Find(".moderation-state").TextContent);
    }
}
