namespace Piazza.Server.Tests;

/// <summary>Ways of reading a <see cref="RawClient"/> that several test files share.</summary>
internal static class ClientExtensions
{
    /// <summary>Reads until <paramref name="total"/> frames of type <typeparamref name="T"/> have been received in all.</summary>
    public static async Task ExpectCountAsync<T>(this RawClient client, int total)
        where T : Frame
    {
        while (client.Received.Count(f => f is T) < total)
        {
            await client.ExpectAsync<T>();
        }
    }

    /// <summary>
    /// Reads on until <paramref name="count"/> more frames of type <typeparamref name="T"/> have
    /// arrived, passing over the rest; it counts as it reads, so it holds with KeepReceived off.
    /// </summary>
    public static async Task ReadPastAsync<T>(this RawClient client, int count)
        where T : Frame
    {
        for (var seen = 0; seen < count;)
        {
            seen += await client.ReceiveAsync() is T ? 1 : 0;
        }
    }

    /// <summary>
    /// Waits for <paramref name="user"/>'s left and checks its reason, then proves by a round trip
    /// that no second one follows. The watcher must keep what it receives (KeepReceived on).
    /// </summary>
    public static async Task AssertLeftOnceAsync(this RawClient watcher, string user, string reason)
    {
        var left = await watcher.ExpectAsync<LeftFrame>(l => l.User == user);
        Assert.Equal(reason, left.Reason);
        var after = await watcher.SyncAsync();
        Assert.DoesNotContain(after, f => f is LeftFrame l && l.User == user);
        Assert.Single(watcher.Received, f => f is LeftFrame l && l.User == user);
    }

    /// <summary>Sends a say and waits for its ack.</summary>
    public static async Task<AckFrame> SayAsync(this RawClient client, string text, string? reference = null)
    {
        reference ??= Guid.NewGuid().ToString("N");
        await client.SendAsync(new SayFrame(text, reference));
        return await client.ExpectAsync<AckFrame>(a => a.Ref == reference);
    }

    /// <summary>Sends bytes in pieces, pausing between them so each leaves as its own TCP segment.</summary>
    public static async Task SendInPiecesAsync(this RawClient client, byte[] bytes, params int[] cuts)
    {
        var start = 0;
        foreach (var cut in cuts.Append(bytes.Length))
        {
            await client.SendRawAsync(bytes.AsMemory(start, cut - start));
            start = cut;
            if (start < bytes.Length)
            {
                // NoDelay is on; the pause keeps the kernel from coalescing the pieces.
                await Task.Delay(15, TestContext.Current.CancellationToken);
            }
        }
    }
}
