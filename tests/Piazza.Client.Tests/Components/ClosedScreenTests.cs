using Piazza.Client.Components.Chat;

namespace Piazza.Client.Tests.Components;

public sealed class ClosedScreenTests : BunitContext
{
    [Fact]
    public void The_closed_screen_tells_the_person_to_close_the_window()
    {
        var cut = Render<ClosedScreen>();

        Assert.Equal("Piazza has closed; you can close this window.", cut.Find("h1").TextContent);
    }
}
