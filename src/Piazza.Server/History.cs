using Piazza.Protocol;

namespace Piazza.Server;

/// <summary>
/// The most recent room messages, kept in memory for newcomers. Each entry keeps its replay
/// serialization once made, so a burst of joins does not re-serialize the same history.
/// </summary>
internal sealed class History(int capacity)
{
    private readonly Entry[] _entries = new Entry[Math.Max(capacity, 0)];
    private int _next;
    private int _count;

    public int Count => _count;

    public void Add(MessageFrame message)
    {
        if (_entries.Length == 0)
        {
            return;
        }

        _entries[_next] = new Entry(message);
        _next = (_next + 1) % _entries.Length;
        _count = Math.Min(_count + 1, _entries.Length);
    }

    /// <summary>The replay frames (<c>"replay":true</c>), oldest first.</summary>
    public IEnumerable<byte[]> ReplayFrames()
    {
        var start = (_next - _count + _entries.Length) % Math.Max(_entries.Length, 1);
        for (var i = 0; i < _count; i++)
        {
            yield return _entries[(start + i) % _entries.Length].ReplayBytes;
        }
    }

    private sealed class Entry(MessageFrame message)
    {
        private byte[]? _replay;

        public byte[] ReplayBytes => _replay ??= FrameWriter.ToBytes(message with { Replay = true });
    }
}
