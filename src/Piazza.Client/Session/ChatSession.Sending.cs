using Piazza.Client.Core;
using Piazza.Protocol;

namespace Piazza.Client.Session;

/// <summary>What the message box sends: text through the client's outbox, or a command.</summary>
public sealed partial class ChatSession
{
    /// <summary>
    /// Acts on a line of the message box: sends it, or runs the command it is. Returns a sentence
    /// to show under the box (the line then stays there to be fixed), or null when it was done.
    /// </summary>
    public async Task<string?> SubmitAsync(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var command = SlashCommand.Parse(text);
        switch (command.Kind)
        {
            case CommandKind.Say:
                return Current is null ? "You are in no room: join one first (/join #room)." : Send(command.Text!);
            case CommandKind.Join:
                return await JoinAsync(command.Target!);
            case CommandKind.Part:
                return await LeaveAsync(command.Target);
            case CommandKind.Msg:
                if (await JoinAsync(command.Target!) is { } error)
                {
                    return error;
                }

                return Find(command.Target!) is { } conversation ? Send(conversation, command.Text!) : null;
            case CommandKind.Topic when Current is null:
                return "You are in no room.";
            case CommandKind.Topic when command.Text is null:
                Inform(Current.Topic is { Length: > 0 } topic ? $"The topic of {Current.Name} is: {topic}" : $"{Current.Name} has no topic.");
                return null;
            case CommandKind.Topic:
                return await SetTopicAsync(Current, command.Text);
            case CommandKind.Who when Current is null:
                return "You are in no room.";
            case CommandKind.Who:
                Inform(Texts.Who(Current.Name, Current.Users));
                return null;
            case CommandKind.Moderate:
                return await ModerateFromBoxAsync(command);
            case CommandKind.Password:
                // The chat screen opens the form itself; reaching here means there is no screen to open it.
                return IsAccount ? null : "You joined as a guest: there is no password to change.";
            case CommandKind.Help:
                if (Current is null)
                {
                    return Texts.Help().Replace('\n', ' ');
                }

                Inform(Texts.Help());
                return null;
            default:
                return command.Error;
        }
    }

    /// <summary>Sends <paramref name="text"/> to the room on screen; it shows at once, then as sent or failed. Returns why not, or null.</summary>
    public string? Send(string text) => Current is { } room ? Send(room, text) : "You are in no room.";

    /// <summary>Sends a failed message again, with its ref (the server stores it once); it moves to the end of the log.</summary>
    public void Retry(string key)
    {
        if (_client is not { } client || Current is not { } view || view.Log.FirstOrDefault(e => e.Key == key) is not MessageEntry
            {
                IsOwn: true, Delivery: DeliveryState.Failed, Ref: { } reference,
            } failed)
        {
            return;
        }

        var again = client.Retry(new OutgoingMessage(reference, view.Name, failed.Text, OutgoingState.Failed, failed.Ts));
        Reported(again);
        view.UpdateOutgoing(reference, m => m with
        {
            Ts = Now,
            Delivery = DeliveryOf(again.State),
            Error = again.State == OutgoingState.Failed ? again.ErrorMessage : null,
        }, moveToEnd: true);
        Notify();
    }

    private string? Send(RoomView view, string text)
    {
        if (_client is not { } client || Me is null || string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var message = client.Post(view.Name, text);
        if (message.State == OutgoingState.Failed && message.ErrorCode is ErrorCodes.InvalidText or ErrorCodes.EmptyMessage
            or ErrorCodes.MessageTooLong)
        {
            // Refused before it left: the box keeps the text, and says why.
            return message.ErrorMessage;
        }

        Reported(message);
        view.AddOutgoing(Outgoing(message));
        view.ClearDivider();
        Notify();
        return null;
    }

    private async Task<string?> SetTopicAsync(RoomView view, string topic)
    {
        if (_client is not { } client)
        {
            return "Not connected to a server.";
        }

        try
        {
            await client.SetTopicAsync(view.Name, topic, _disposed.Token);
            return null;
        }
        catch (ChatRequestException ex)
        {
            Log.RoomRequestFailed(_logger, view.Name, ex.Message);
            return ex.Message;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private void Reported(OutgoingMessage message)
    {
        if (message.State != OutgoingState.Failed)
        {
            _reported[message.Ref] = message.State;
        }
    }

    /// <summary>An answer to a command, in the room on screen.</summary>
    private void Inform(string text)
    {
        Current?.Append(Notice(NoticeKind.Info, text));
        Notify();
    }
}
