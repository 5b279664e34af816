using System.Diagnostics;
using Piazza.Store.Tests.Support;

namespace Piazza.Store.Tests;

/// <summary>The store's one promise, in a real crash: what AppendAsync reported committed survives a SIGKILL.</summary>
public sealed class SqliteKillTests : IAsyncLifetime
{
    private readonly SqliteFiles files = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => files.DisposeAsync();

    [Fact]
    public async Task Every_append_reported_committed_is_in_the_file_after_the_process_is_killed_mid_stream()
    {
        var reported = new List<(string Room, long Id, string Text)>();
        using (var child = StartChild(files.DbPath))
        {
            try
            {
                // Kill it while it is busy: after it has reported 500 commits, with appends in flight.
                while (reported.Count < 500)
                {
                    var line = await child.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
                    if (line is null)
                    {
                        Assert.Fail($"the child stopped early: {await child.StandardError.ReadToEndAsync()}");
                    }

                    reported.Add(Parse(line));
                }
            }
            finally
            {
                child.Kill(); // SIGKILL: no clean shutdown, no checkpoint, no finally blocks.
            }

            // Lines it wrote before it died are reports too.
            while (await child.StandardOutput.ReadLineAsync() is { } line)
            {
                reported.Add(Parse(line));
            }

            await child.WaitForExitAsync();
        }

        var store = await files.OpenAsync();
        var held = 0;
        foreach (var room in reported.GroupBy(r => r.Room))
        {
            var stored = await store.ReadAllAsync(room.Key);
            held += stored.Count;
            var byId = stored.ToDictionary(e => e.Id, e => e.Text);
            Assert.All(room, r => Assert.Equal(r.Text, byId.GetValueOrDefault(r.Id)));
            Assert.Equal(Enumerable.Range(1, stored.Count).Select(i => (long)i), stored.Select(e => e.Id));
        }

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"FIGURE store killed after {reported.Count} appends were reported committed; the file holds all of them ({held} events)");
    }

    private static (string Room, long Id, string Text) Parse(string line)
    {
        var parts = line.Split(' ');
        return (parts[0], long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), parts[2]);
    }

    private static Process StartChild(string path)
    {
        var host = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
        var start = new ProcessStartInfo(host)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(AppendingChild).Assembly.Location);
        start.ArgumentList.Add(AppendingChild.Flag);
        start.ArgumentList.Add(path);
        return Process.Start(start) ?? throw new InvalidOperationException("the child did not start");
    }
}
