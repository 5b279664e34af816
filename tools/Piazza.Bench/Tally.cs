namespace Piazza.Bench;

/// <summary>Sums over every client, read without stopping them.</summary>
internal readonly record struct Tally(
    long Received, long Acks, long OutOfOrder, long Gaps, long JoinedSeen, long SlowLeftSeen, long Errors, long Ended)
{
    public static Tally Of(BenchClient[] clients)
    {
        long received = 0, acks = 0, ooo = 0, gaps = 0, joined = 0, slow = 0, errors = 0, ended = 0;
        foreach (var c in clients)
        {
            received += c.Received;
            acks += c.Acks;
            ooo += c.OutOfOrder;
            gaps += c.Gaps;
            joined += c.JoinedSeen;
            slow += c.SlowLeftSeen;
            errors += c.Errors;
            ended += c.Ended ? 1 : 0;
        }

        return new Tally(received, acks, ooo, gaps, joined, slow, errors, ended);
    }

    public static string? FirstError(BenchClient[] clients) =>
        clients.Select(c => c.FirstError).FirstOrDefault(e => e is not null);
}
