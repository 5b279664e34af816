using System.Globalization;

namespace Piazza.Store.Tests;

/// <summary>
/// A process that appends to a SQLite store as fast as it can and prints one line for every
/// append the store reported committed, until it is killed (or, as a bound, after 60 s).
/// </summary>
internal static class AppendingChild
{
    public const string Flag = "--append-until-killed";

    public static int Run(string path)
    {
        var store = new SqliteStore(new SqliteStoreOptions(path) { Sync = SyncMode.Full });
        store.OpenAsync().GetAwaiter().GetResult();
        var output = Console.Out;
        var stop = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        var next = 0;
        var appenders = Enumerable.Range(0, 16).Select(a => Task.Run(async () =>
        {
            while (DateTime.UtcNow < stop)
            {
                var n = Interlocked.Increment(ref next);
                var text = n.ToString(CultureInfo.InvariantCulture);
                var result = await store.AppendAsync(new EventDraft($"#r{n % 3}", EventKind.Message, $"u{a}", text, Sender: $"u{a}", Ref: text));
                if (result.Status == AppendStatus.Committed)
                {
                    lock (output)
                    {
                        output.WriteLine($"{result.Event!.Room} {result.Event.Id} {text}");
                    }
                }
            }
        })).ToArray();
        Task.WaitAll(appenders);
        return 0;
    }
}
