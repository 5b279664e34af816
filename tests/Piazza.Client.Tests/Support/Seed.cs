using Piazza.Protocol;

namespace Piazza.Client.Tests.Support;

/// <summary>History put in a room by someone else (a raw protocol 2 client), fast.</summary>
public static class Seed
{
    /// <summary>Says <paramref name="texts"/> in <paramref name="room"/> as <paramref name="client"/>, pipelined, and waits for every ack.</summary>
    public static async Task SayAllAsync(RawClient client, string room, IEnumerable<string> texts)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(texts);
        var batch = new List<string>();
        foreach (var text in texts)
        {
            var reference = "seed-" + Guid.NewGuid().ToString("N");
            await client.SendAsync(new SayFrame(text, reference, room));
            batch.Add(reference);
            if (batch.Count == 200)
            {
                await AcksAsync(client, batch);
                batch.Clear();
            }
        }

        await AcksAsync(client, batch);
    }

    /// <summary>"message 0001" ... in order.</summary>
    public static IEnumerable<string> Numbered(int count, string prefix = "message") =>
        Enumerable.Range(1, count).Select(i => $"{prefix} {i:D4}");

    private static async Task AcksAsync(RawClient client, IReadOnlyCollection<string> refs)
    {
        var waiting = new HashSet<string>(refs, StringComparer.Ordinal);
        while (waiting.Count > 0)
        {
            var frame = await client.ExpectAsync<Frame>(f => f is AckFrame or ErrorFrame { Ref: not null });
            if (frame is ErrorFrame error)
            {
                throw new InvalidOperationException($"A seeded message was refused: {error.Code}: {error.Message}");
            }

            waiting.Remove(((AckFrame)frame).Ref!);
        }
    }
}
