using Piazza.Protocol;
using Piazza.Server.Chat;

namespace Piazza.Server.Doors.Ndjson;

/// <summary>
/// Pipelined says (<see cref="SayPipeline"/>): a connection's next line is read while its earlier
/// says to the same room wait for their commit, so one connection is not limited to one say per
/// commit. Everything else (a say to another room or a conversation, a say refused before it
/// reaches the store, any other frame but a pong, a ping too) first waits until the says in flight
/// are done, so its answer comes after their acks.
/// </summary>
internal sealed partial class NdjsonConnection
{
    // Touched only by the link's reader (one handler call at a time).
    private readonly SayPipeline _says = new();

    private async Task FinishSayAsync(ValueTask<ChatRefusal?> pending, SayFrame say)
    {
        if (await pending is { } refusal)
        {
            Send(refusal, say.Ref, say.Room is null ? null : Shown(say.Room));
        }
    }

    private async ValueTask<bool> DrainThenHandleAsync(Frame frame)
    {
        await _says.DrainAsync();
        return await HandleAsync(frame);
    }
}
