namespace Piazza.Protocol.Tests.Support;

/// <summary>
/// Frame equality as the wire means it. Records compare their <see cref="IReadOnlyList{T}"/>
/// members by reference, so lists are compared by sequence and the rest by record equality.
/// </summary>
internal static class FrameAssert
{
    public static void Equal(Frame expected, Frame? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.GetType(), actual.GetType());
        switch (expected, actual)
        {
            case (WelcomeFrame e, WelcomeFrame a):
                Assert.Equal(e.Users, a.Users);
                Assert.Equal(e, a with { Users = e.Users });
                break;
            case (UsersFrame e, UsersFrame a):
                Assert.Equal(e.Users, a.Users);
                break;
            default:
                Assert.Equal(expected, actual);
                break;
        }
    }

    public static void Equal(IReadOnlyList<Frame> expected, IReadOnlyList<Frame> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Equal(expected[i], actual[i]);
        }
    }
}
