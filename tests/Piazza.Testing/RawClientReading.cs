using Piazza.Protocol;

namespace Piazza.Testing;

/// <summary>Ways of reading a <see cref="RawClient"/> that many tests share.</summary>
public static class RawClientReading
{
    /// <summary>
    /// A round trip through the connection: sends ping and reads up to the pong. The server answers
    /// in order, so everything it queued for this client before the ping is returned (pong excluded).
    /// </summary>
    public static async Task<IReadOnlyList<Frame>> SyncAsync(this RawClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        await client.SendAsync(PingFrame.Instance);
        var frames = await client.FramesUntilAsync<PongFrame>();
        return [.. frames.SkipLast(1)];
    }

    /// <summary>
    /// Reads until <paramref name="match"/> and returns every frame read on the way, the match last.
    /// The frames are collected as they are read, so this holds with <see cref="RawClient.KeepReceived"/> off.
    /// </summary>
    public static async Task<IReadOnlyList<Frame>> FramesUntilAsync<T>(this RawClient client, Func<T, bool>? match = null, TimeSpan? timeout = null)
        where T : Frame
    {
        ArgumentNullException.ThrowIfNull(client);
        var frames = new List<Frame>();
        await client.ExpectAsync<Frame>(
            frame =>
            {
                frames.Add(frame);
                return frame is T typed && (match is null || match(typed));
            },
            timeout);
        return frames;
    }
}
