using System.Net;
using Piazza.Protocol;
using Piazza.Store;

namespace Piazza.Server.Chat;

/// <summary>
/// Moderation (protocol §12): server operators (<c>--admins</c>) may act on every room and on the
/// whole server; a room's operators on their room. Bans and mutes of a name in a room are room
/// events every member sees; bans and mutes of the whole server, and anything done to an address,
/// are not (a room never learns anyone's address): only the operator gets a confirmation.
/// </summary>
internal sealed partial class ChatHub
{
    /// <summary>Carries out an operator's request.</summary>
    /// <returns>A refusal; or a notice for the operator alone; or neither, when the room event the operator sees says it all.</returns>
    public async Task<(ChatRefusal? Refusal, ModerationNotice? Notice)> ModerateAsync(ChatSession actor, ModerationRequest request)
    {
        if (CheckModeration(actor, request, out var scope, out var target, out var address) is { } invalid)
        {
            return (invalid, null);
        }

        Room? room = null;
        if (scope.Length > 0)
        {
            try
            {
                room = await _rooms.FindAsync(scope);
            }
            catch (StoreUnavailableException ex)
            {
                Logger.StoreRefused(scope, ex.Message);
                return (ChatRefusals.StoreUnavailable, null);
            }

            if (room is null)
            {
                return (new ChatRefusal(ChatError.InvalidRoom, $"There is no room {scope}."), null);
            }
        }

        try
        {
            return request.Action switch
            {
                ModerationAction.Kick => (await KickAsync(actor, room!, target!, request.Reason), null),
                ModerationAction.Ban or ModerationAction.Mute => await RestrictAsync(actor, request, room, scope, target, address),
                ModerationAction.Unban or ModerationAction.Unmute => await LiftAsync(actor, request, room, scope, target, address),
                _ => await SetOperatorAsync(actor, request, room!, target!),
            };
        }
        catch (StoreUnavailableException ex)
        {
            Logger.ModerationUnavailable(ex.Message);
            return (new ChatRefusal(ChatError.StoreUnavailable, "The server cannot store that right now; nothing changed. Try again in a moment."), null);
        }
    }

    /// <summary>Checks the request's values and the actor's rights; gives the scope (room key, or empty for the server), the name key or the address.</summary>
    private ChatRefusal? CheckModeration(ChatSession actor, ModerationRequest request, out string scope, out string? target, out string? address)
    {
        scope = "";
        target = null;
        address = null;
        var verb = request.Action.ToString().ToLowerInvariant();
        if (request.User is not null)
        {
            var verdict = UsernameRules.Validate(request.User);
            if (!verdict.IsValid)
            {
                return new ChatRefusal(ChatError.InvalidUsername, verdict.Message!);
            }

            target = request.User.ToLowerInvariant();
        }
        else if (request.Address is not null)
        {
            if (!IPAddress.TryParse(request.Address, out var ip) || request.Address.Contains('/', StringComparison.Ordinal))
            {
                return new ChatRefusal(ChatError.BadRequest, "The field 'address' must be one IP address, such as 203.0.113.9 or 2001:db8::7.");
            }

            address = (ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString();
        }

        if (request.Reason is not null && TopicRules.Validate(request.Reason) is { IsValid: false } bad)
        {
            return new ChatRefusal(ChatError.InvalidText, bad.Message!.Replace("Topic", "The reason", StringComparison.Ordinal));
        }

        if (request.Room is not null)
        {
            var verdict = RoomNameRules.Validate(request.Room);
            if (!verdict.IsValid)
            {
                return new ChatRefusal(ChatError.InvalidRoom, RoomNameRules.IsDirect(request.Room)
                    ? "Moderation acts on rooms, not on direct conversations."
                    : verdict.Message!);
            }

            scope = RoomNameRules.Normalize(request.Room);
        }

        if (!actor.IsAccount)
        {
            return new ChatRefusal(ChatError.NotPermitted, $"Only operators may {verb}, and operators are signed-in accounts.");
        }

        if (scope.Length == 0 ? !actor.IsAdmin : !actor.IsAdmin && !Moderation.IsOperator(scope, actor.Key))
        {
            return new ChatRefusal(ChatError.NotPermitted, scope.Length == 0
                ? $"Only server operators may {verb} on the whole server; name a room."
                : $"You are not an operator of {scope}.");
        }

        if (target is not null && Options.IsAdminName(target) && !actor.IsAdmin
            && request.Action is not (ModerationAction.Unban or ModerationAction.Unmute or ModerationAction.Op))
        {
            return new ChatRefusal(ChatError.NotPermitted, $"'{request.User}' is a server operator: only another server operator may {verb} them.");
        }

        return null;
    }

    private async Task<ChatRefusal?> KickAsync(ChatSession actor, Room room, string target, string? reason)
    {
        var refused = await room.RemovePersonAsync(target, actor, reason);
        if (refused is null)
        {
            Logger.Moderated(actor.Name, "kicked", target, room.Key, "");
            await ForgetAccountRoomAsync(target, room.Key);
        }

        return refused;
    }

    private async Task<(ChatRefusal?, ModerationNotice?)> RestrictAsync(
        ChatSession actor, ModerationRequest request, Room? room, string scope, string? target, string? address)
    {
        var kind = request.Action == ModerationAction.Ban ? SanctionKind.Ban : SanctionKind.Mute;
        var now = Time.GetUtcNow();
        var sanction = new Sanction(new SanctionKey(scope, kind, target ?? address!, address is not null),
            request.Duration is { } duration ? now + duration : null, actor.Name, request.Reason, now);
        if (!await Moderation.PutAsync(sanction))
        {
            return (new ChatRefusal(ChatError.NotPermitted,
                $"{(scope.Length == 0 ? "The server" : scope)} holds {ModerationBook.MaxSanctionsPerScope} bans and mutes, the most it may; lift some first."), null);
        }

        Logger.Moderated(actor.Name, kind == SanctionKind.Ban ? "banned" : "muted", target ?? address!, scope.Length == 0 ? "the server" : scope, " " + Describe(sanction));
        var notice = Notice(actor, request, target, address, scope);
        if (room is not null && target is not null)
        {
            // A name in a room: every member sees it.
            var shown = Members.Find(target)?.Name ?? request.User!;
            var stored = await room.AppendAsync(
                new EventDraft(room.Key, kind == SanctionKind.Ban ? EventKind.Ban : EventKind.Mute, shown, Text: request.Reason, By: actor.Name,
                    Duration: (long?)request.Duration?.TotalSeconds),
                new AppendContext(Origin: actor, Echo: true));
            notice = stored.Status == AppendStatus.Committed ? null : notice;
        }

        if (kind == SanctionKind.Ban)
        {
            await RemoveBannedAsync(actor, room, sanction);
        }

        return (null, notice);
    }

    /// <summary>Whoever a new ban covers and is present goes, as by a kick: from the room, or (a server ban) from the server.</summary>
    private async Task RemoveBannedAsync(ChatSession actor, Room? room, Sanction ban)
    {
        var key = ban.Key;
        if (room is not null)
        {
            var people = key.ByAddress ? room.PeopleFrom(key.Target) : room.IsPresent(key.Target) ? [key.Target] : [];
            foreach (var person in people)
            {
                if (!Options.IsAdminName(person))
                {
                    _ = await room.RemovePersonAsync(person, actor, ban.Reason);
                }
            }

            if (!key.ByAddress)
            {
                await ForgetAccountRoomAsync(key.Target, room.Key);
            }

            return;
        }

        var sessions = key.ByAddress ? Members.SessionsFrom(key.Target) : Members.SessionsOf(key.Target);
        foreach (var session in sessions)
        {
            if (!key.ByAddress && session.IsAdmin)
            {
                continue;
            }

            session.RemovedBy = new Removal(actor.Name, ban.Reason);
            session.Sink.Expel($"You were banned from this server {Describe(ban)}.");
        }
    }

    private async Task<(ChatRefusal?, ModerationNotice?)> LiftAsync(
        ChatSession actor, ModerationRequest request, Room? room, string scope, string? target, string? address)
    {
        var kind = request.Action == ModerationAction.Unban ? SanctionKind.Ban : SanctionKind.Mute;
        var notice = Notice(actor, request, target, address, scope);
        if (!await Moderation.RemoveAsync(new SanctionKey(scope, kind, target ?? address!, address is not null)))
        {
            // Nothing to lift: the state is what the operator asked for; nothing is announced.
            return (null, notice);
        }

        Logger.Moderated(actor.Name, kind == SanctionKind.Ban ? "unbanned" : "unmuted", target ?? address!, scope.Length == 0 ? "the server" : scope, "");
        if (room is not null && target is not null)
        {
            var shown = Members.Find(target)?.Name ?? request.User!;
            var stored = await room.AppendAsync(
                new EventDraft(room.Key, kind == SanctionKind.Ban ? EventKind.Unban : EventKind.Unmute, shown, Text: request.Reason, By: actor.Name),
                new AppendContext(Origin: actor, Echo: true));
            return (null, stored.Status == AppendStatus.Committed ? null : notice);
        }

        return (null, notice);
    }

    private async Task<(ChatRefusal?, ModerationNotice?)> SetOperatorAsync(ChatSession actor, ModerationRequest request, Room room, string target)
    {
        var isOperator = request.Action == ModerationAction.Op;
        var account = await Accounts.Store.FindAccountAsync(target);
        if (account is null)
        {
            return (new ChatRefusal(ChatError.NoSuchUser, $"Only registered accounts can be operators; '{request.User}' is not one."), null);
        }

        var changed = await Moderation.SetOperatorAsync(room.Key, target, isOperator);
        if (changed is null)
        {
            return (new ChatRefusal(ChatError.NotPermitted, $"{room.Key} has {ModerationBook.MaxOperatorsPerRoom} operators, the most a room may; deop one first."), null);
        }

        if (changed == false)
        {
            return (null, Notice(actor, request, target, null, room.Key));
        }

        Logger.Moderated(actor.Name, isOperator ? "made an operator:" : "took operator rights from", target, room.Key, "");
        var stored = await room.AppendAsync(
            new EventDraft(room.Key, isOperator ? EventKind.Op : EventKind.Deop, account.Name, Text: request.Reason, By: actor.Name),
            new AppendContext(Origin: actor, Echo: true));
        return (null, stored.Status == AppendStatus.Committed ? null : Notice(actor, request, target, null, room.Key));
    }

    private static ModerationNotice Notice(ChatSession actor, ModerationRequest request, string? target, string? address, string scope) =>
        new(request.Action, actor.Name, target is null ? null : request.User, address, (long?)request.Duration?.TotalSeconds, request.Reason,
            scope.Length == 0 ? null : scope);
}
