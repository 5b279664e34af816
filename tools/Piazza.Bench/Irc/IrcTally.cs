namespace Piazza.Bench.Irc;

/// <summary>Sums over every IRC client, read without stopping them.</summary>
internal readonly record struct IrcTally(long Received, long OutOfOrder, long Gaps, long JoinedSeen, long Errors, long Echoes, long Ended)
{
    public static IrcTally Of(IrcBenchClient[] clients)
    {
        long received = 0, ooo = 0, gaps = 0, joined = 0, errors = 0, echoes = 0, ended = 0;
        foreach (var c in clients)
        {
            received += c.Received;
            ooo += c.OutOfOrder;
            gaps += c.Gaps;
            joined += c.JoinedSeen;
            errors += c.Errors;
            echoes += c.Echoes;
            ended += c.Ended ? 1 : 0;
        }

        return new IrcTally(received, ooo, gaps, joined, errors, echoes, ended);
    }

    public static string? FirstError(IrcBenchClient[] clients) =>
        clients.Select(c => c.FirstError).FirstOrDefault(e => e is not null);
}
