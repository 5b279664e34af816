using Piazza.Protocol;
using Piazza.Server.Chat;

namespace Piazza.Server.Doors.Ndjson;

internal sealed partial class NdjsonConnection
{
    private async ValueTask<bool> OnModerationAsync(ChatSession session, ModerationFrame frame)
    {
        var action = frame.Action switch
        {
            FrameTypes.Kick => ModerationAction.Kick,
            FrameTypes.Ban => ModerationAction.Ban,
            FrameTypes.Unban => ModerationAction.Unban,
            FrameTypes.Mute => ModerationAction.Mute,
            FrameTypes.Unmute => ModerationAction.Unmute,
            FrameTypes.Op => ModerationAction.Op,
            _ => ModerationAction.Deop,
        };
        var request = new ModerationRequest(action, frame.Room, frame.User, frame.Address,
            frame.Duration is { } seconds ? TimeSpan.FromSeconds(seconds) : null, frame.Reason);
        var (refusal, notice) = await _chat.ModerateAsync(session, request);
        if (refusal is not null)
        {
            Send(refusal, reference: null, frame.Room is null ? null : Shown(frame.Room));
        }
        else if (notice is not null)
        {
            _link.Send(FrameWriter.ToBytes(new ModFrame(
                frame.Action, notice.By, notice.User, notice.Address, notice.Duration, notice.Reason, notice.Room)));
        }

        return true;
    }
}
