using System.Net;
using System.Net.Sockets;

namespace Piazza.Resilience.Tests.Support;

/// <summary>
/// A well-behaved member for fault tests: answers pings, remembers the frames it got (for heavy
/// traffic, everything but the messages, whose ids it still records) and lets a test wait for one.
/// </summary>
internal sealed class Peer : IAsyncDisposable
{
    private readonly List<Frame> _frames = [];
    private readonly List<long> _ids = [];
    private readonly bool _keepFrames;
    private Action<Frame>? _tap;

    private Peer(bool keepFrames) => _keepFrames = keepFrames;

    public StreamingClient Client { get; private set; } = null!;

    public string User => Client.User!;

    public long JoinedId => Client.Welcome!.LastId;

    /// <summary>Every frame received after the welcome (when kept).</summary>
    public IReadOnlyList<Frame> Frames
    {
        get
        {
            lock (_frames)
            {
                return [.. _frames];
            }
        }
    }

    /// <summary>Room event ids as they arrived: messages, joins, departures and this member's own acks.</summary>
    public IReadOnlyList<long> EventIds
    {
        get
        {
            lock (_frames)
            {
                return [.. _ids];
            }
        }
    }

    /// <summary>Called on the read loop for every frame; for latency probes.</summary>
    public Action<Frame>? Tap
    {
        get => _tap;
        set => _tap = value;
    }

    public static async Task<Peer> ConnectAsync(IPEndPoint server, bool keepFrames = true, Func<Task<Socket>>? createSocket = null)
    {
        var peer = new Peer(keepFrames);
        peer.Client = await StreamingClient.ConnectAsync(server, (_, frame) => peer.OnFrame(frame), createSocket);
        return peer;
    }

    public static async Task<Peer> JoinAsync(
        IPEndPoint server, string user, bool keepFrames = true, Func<Task<Socket>>? createSocket = null, int? protocol = null)
    {
        var peer = await ConnectAsync(server, keepFrames, createSocket);
        await peer.Client.JoinAsync(user, protocol: protocol);
        return peer;
    }

    public Task SayAsync(string text, string? reference = null) => Client.SendAsync(new SayFrame(text, reference));

    public async Task<T> WaitForAsync<T>(Func<T, bool>? match = null, TimeSpan? timeout = null)
        where T : Frame =>
        await Eventually.ValueAsync(
            () => Frames.OfType<T>().FirstOrDefault(f => match is null || match(f)),
            timeout,
            $"{typeof(T).Name} at {Client.User ?? "a client"}");

    public int Count<T>(Func<T, bool>? match = null)
        where T : Frame => Frames.OfType<T>().Count(f => match is null || match(f));

    public ValueTask DisposeAsync() => Client.DisposeAsync();

    private void OnFrame(Frame frame)
    {
        lock (_frames)
        {
            if (frame is not WelcomeFrame && (_keepFrames || frame is not MessageFrame))
            {
                _frames.Add(frame);
            }

            switch (frame)
            {
                case MessageFrame { Replay: false } m:
                    _ids.Add(m.Id);
                    break;
                case JoinedFrame j:
                    _ids.Add(j.Id);
                    break;
                case LeftFrame l:
                    _ids.Add(l.Id);
                    break;
                case AckFrame a:
                    _ids.Add(a.Id);
                    break;
            }
        }

        _tap?.Invoke(frame);
    }
}
