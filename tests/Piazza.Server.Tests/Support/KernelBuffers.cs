namespace Piazza.Server.Tests;

/// <summary>How much the kernel can hold for a socket, so a test can send more than that on purpose.</summary>
internal static class KernelBuffers
{
    /// <summary>
    /// Sends says in batches, reading the acks as it goes, until more bytes than the kernel can
    /// buffer for one socket have gone to every other member; then a member that reads nothing
    /// has a server writer waiting on its socket.
    /// </summary>
    public static async Task OverfillAsync(RawClient sender)
    {
        const int Batch = 16;
        var frame = FrameWriter.ToBytes(new SayFrame(new string('o', 1000)));
        var batch = Enumerable.Repeat(frame, Batch).SelectMany(b => b).ToArray();
        var messages = (int)((LargestSendBuffer() + (1024 * 1024)) / frame.Length);
        for (var sent = 0; sent < messages; sent += Batch)
        {
            await sender.SendRawAsync(batch);
            await sender.ReadPastAsync<AckFrame>(Batch);
        }
    }

    /// <summary>The most a TCP send buffer grows to on this machine (the third value of tcp_wmem).</summary>
    private static long LargestSendBuffer()
    {
        const string Path = "/proc/sys/net/ipv4/tcp_wmem";
        return File.Exists(Path)
            ? long.Parse(File.ReadAllText(Path).Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries)[2], System.Globalization.CultureInfo.InvariantCulture)
            : 4 * 1024 * 1024;
    }
}
