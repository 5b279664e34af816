using Piazza.Protocol.Tests.Support;

namespace Piazza.Protocol.Tests;

/// <summary>\r\n endings, and blank or white-space-only lines, which are ignored.</summary>
public sealed class LineEndingTests
{
    [Fact]
    public void Crlf_endings_decode_like_lf_endings()
    {
        var frames = SampleFrames.ByName.Values.ToList();
        var crlf = Wire.Text(Wire.Stream(frames)).Replace("\n", "\r\n", StringComparison.Ordinal);

        var reader = Wire.ReadAll(Wire.Bytes(crlf));

        FrameAssert.Equal(frames, reader.Frames.ToList());
        Assert.All(reader.Results, r => Assert.Equal(FrameReadStatus.Frame, r.Status));
    }

    [Fact]
    public void Crlf_cut_between_the_cr_and_the_lf_decodes()
    {
        var reader = new FrameStreamReader();

        reader.Feed(Wire.Bytes("{\"type\":\"ping\"}\r"));
        Assert.Empty(reader.Results);
        reader.Feed(Wire.Bytes("\n"));

        Assert.Equal([PingFrame.Instance], reader.Frames);
    }

    public static TheoryData<string> BlankLines => ["", "\r", " ", "\t", "   ", " \t \t", "\t\r", "  \r", "\r\r"];

    [Theory]
    [MemberData(nameof(BlankLines))]
    public void A_blank_line_is_ignored_and_consumed(string blank)
    {
        var reader = Wire.ReadAll(Wire.Bytes(blank + "\n" + blank + "\n{\"type\":\"ping\"}\n" + blank + "\n"));

        Assert.Equal([PingFrame.Instance], reader.Frames);
        Assert.Single(reader.Results);
        Assert.Equal(0, reader.Buffered);
    }

    [Fact]
    public void Only_blank_lines_give_nothing_and_leave_nothing()
    {
        var reader = Wire.ReadAll(Wire.Bytes("\n\r\n \n\t\n\n"));

        Assert.Empty(reader.Results);
        Assert.Equal(0, reader.Buffered);
    }

    [Fact]
    public void White_space_around_the_object_is_allowed()
    {
        Assert.Equal(PingFrame.Instance, Wire.Decode(" \t {\"type\":\"ping\"} \t \r"));
        Assert.Equal(PingFrame.Instance, Wire.Decode("{ \"type\" : \"ping\" }\r\r"));
    }

    [Theory]
    [InlineData("\f")]
    [InlineData("\v")]
    [InlineData("\u00A0")]
    [InlineData("\u3000")]
    public void A_line_of_other_white_space_is_not_blank_but_bad_frame(string space)
    {
        // JSON white space is space, tab, CR and LF; anything else makes the line a bad frame.
        Wire.Refused(space);
    }
}
