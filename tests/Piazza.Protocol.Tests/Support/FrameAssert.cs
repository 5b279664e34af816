namespace Piazza.Protocol.Tests.Support;

/// <summary>
/// Frame equality as the wire means it. Records compare their list and dictionary members by
/// reference, so those are compared by content (lists in order, the cursors of a hello by room)
/// and the rest by record equality.
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
                Assert.Equal(e, a with { Users = e.Users });
                break;
            case (HelloFrame e, HelloFrame a):
                EqualCursors(e.Rooms, a.Rooms);
                Assert.Equal(e, a with { Rooms = e.Rooms });
                break;
            case (RoomFrame e, RoomFrame a):
                Assert.Equal(e.Users, a.Users);
                EqualOrBothNull(e.Operators, a.Operators);
                if (e.Operators is not null)
                {
                    Assert.Equal(e.Operators, a.Operators!);
                }

                Assert.Equal(e, a with { Users = e.Users, Operators = e.Operators });
                break;
            case (RoomsFrame e, RoomsFrame a):
                EqualOrBothNull(e.Rooms, a.Rooms);
                if (e.Rooms is not null)
                {
                    Assert.Equal(e.Rooms, a.Rooms!);
                }

                Assert.Equal(e, a with { Rooms = e.Rooms });
                break;
            case (HistoryFrame e, HistoryFrame a):
                EqualOrBothNull(e.Events, a.Events);
                if (e.Events is not null)
                {
                    Equal(e.Events, a.Events!);
                }

                Assert.Equal(e, a with { Events = e.Events });
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

    /// <summary>The same rooms, spelled the same, with equal cursors; the order is the writer's business.</summary>
    private static void EqualCursors(IReadOnlyDictionary<string, RoomCursor>? expected, IReadOnlyDictionary<string, RoomCursor>? actual)
    {
        EqualOrBothNull(expected, actual);
        if (expected is null)
        {
            return;
        }

        Assert.Equal(
            expected.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value)),
            actual!.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value)));
    }

    private static void EqualOrBothNull(object? expected, object? actual) =>
        Assert.True(expected is null == actual is null, $"Expected {(expected is null ? "null" : "a value")}, got {(actual is null ? "null" : "a value")}.");
}
