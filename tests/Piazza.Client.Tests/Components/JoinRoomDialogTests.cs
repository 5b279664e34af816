using Piazza.Client.Components.Chat;
using Piazza.Protocol;

namespace Piazza.Client.Tests.Components;

public sealed class JoinRoomDialogTests : BunitContext
{
    public JoinRoomDialogTests() => JSInterop.Mode = JSRuntimeMode.Loose;

    [Fact]
    public void The_room_name_is_checked_as_it_is_typed_and_Join_waits_for_a_valid_one()
    {
        string? joined = null;
        var closed = false;
        var cut = Render<JoinRoomDialog>(p => p
            .Add(c => c.IsOpen, true)
            .Add(c => c.Join, name =>
            {
                joined = name;
                return Task.FromResult<string?>(null);
            })
            .Add(c => c.OnClose, () => closed = true));
        var join = () => cut.FindAll("button").Single(b => b.TextContent == "Join");

        Assert.Equal("Room name", cut.Find("label[for=room-name]").TextContent);
        Assert.Equal("#", cut.Find("#room-name").GetAttribute("value"));
        Assert.Equal(RoomNameRules.Rule, cut.Find("#room-name-hint").TextContent);
        Assert.Equal("true", join().GetAttribute("aria-disabled"));

        cut.Find("#room-name").Input("#dev ops");
        Assert.Equal(RoomNameRules.Validate("#dev ops").Message, cut.Find("#room-name-hint").TextContent);
        Assert.Equal("true", cut.Find("#room-name").GetAttribute("aria-invalid"));
        cut.Find("form").Submit();
        Assert.Null(joined);

        cut.Find("#room-name").Input("#dev");
        Assert.Equal("false", join().GetAttribute("aria-disabled"));
        cut.Find("form").Submit();

        Assert.Equal("#dev", joined);
        Assert.True(closed);
    }

    [Fact]
    public void A_refused_join_says_why_and_stays_open()
    {
        var closed = false;
        var cut = Render<JoinRoomDialog>(p => p
            .Add(c => c.IsOpen, true)
            .Add(c => c.Join, _ => Task.FromResult<string?>("You are in too many rooms."))
            .Add(c => c.OnClose, () => closed = true));

        cut.Find("#room-name").Input("#dev");
        cut.Find("form").Submit();

        Assert.Equal("You are in too many rooms.", cut.Find("[role=alert]").TextContent);
        Assert.False(closed);
    }
}
