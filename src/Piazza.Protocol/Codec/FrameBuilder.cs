namespace Piazza.Protocol;

/// <summary>Builds the frame record for a <c>type</c> from the gathered fields, checking what that type requires.</summary>
internal static class FrameBuilder
{
    public static FrameReadResult Build(in FrameFields f)
    {
        if ((f.WrongKind & FieldSet.Type) != 0 || f.Type is null)
        {
            return FrameReadResult.Invalid(FrameParser.Errors.MissingType);
        }

        return f.Type switch
        {
            FrameTypes.Hello => Hello(in f),
            FrameTypes.Say => Say(in f),
            FrameTypes.Ping => FrameReadResult.Ok(PingFrame.Instance),
            FrameTypes.Pong => FrameReadResult.Ok(PongFrame.Instance),
            FrameTypes.Bye => FrameReadResult.Ok(ByeFrame.Instance),
            FrameTypes.Who => Who(in f),
            FrameTypes.Welcome => Welcome(in f),
            FrameTypes.Ack => Ack(in f),
            FrameTypes.Message => Message(in f),
            FrameTypes.Joined => Joined(in f),
            FrameTypes.Left => Left(in f),
            FrameTypes.Error => Error(in f),
            FrameTypes.Shutdown => Shutdown(in f),
            FrameTypes.Users => Users(in f),
            FrameTypes.Room => Room(in f),
            FrameTypes.Join => Join(in f),
            FrameTypes.Part => Part(in f),
            FrameTypes.Topic => Topic(in f),
            FrameTypes.Rooms => Rooms(in f),
            FrameTypes.History => History(in f),
            FrameTypes.Password => Password(in f),
            FrameTypes.Kick or FrameTypes.Op or FrameTypes.Deop => ModerateMember(in f),
            FrameTypes.Ban or FrameTypes.Unban or FrameTypes.Mute or FrameTypes.Unmute => Restrict(in f),
            FrameTypes.Mod => Mod(in f),
            _ => FrameReadResult.Invalid(new ProtocolError(ErrorCodes.UnknownType, UnknownTypeMessage(f.Type))),
        };
    }

    private static string UnknownTypeMessage(string type)
    {
        // Echo a bounded, printable form of what was sent so the sentence stays readable.
        var shown = type;
        if (type.Length > 32)
        {
            // Never cut between the two halves of a surrogate pair: half a character is not text.
            var cut = char.IsHighSurrogate(type[31]) ? 31 : 32;
            shown = string.Concat(type.AsSpan(0, cut), "…");
        }

        return $"Unknown frame type '{Printable(shown)}'.";
    }

    private static string Printable(string s) =>
        string.Create(s.Length, s, static (span, src) =>
        {
            for (var i = 0; i < src.Length; i++)
            {
                span[i] = char.IsControl(src[i]) ? '?' : src[i];
            }
        });

    private static FrameReadResult Hello(in FrameFields f)
    {
        if (Check(in f, FieldSet.User, required: true, "a string", out var error) ||
            Check(in f, FieldSet.Protocol, required: false, "an integer", out error) ||
            Check(in f, FieldSet.Client, required: false, "a string", out error) ||
            Check(in f, FieldSet.Since, required: false, "an integer", out error) ||
            Check(in f, FieldSet.Session, required: false, "a string", out error) ||
            CheckCursors(in f, out error) ||
            Check(in f, FieldSet.Password, required: false, "a string", out error) ||
            Check(in f, FieldSet.Register, required: false, "a boolean", out error))
        {
            return FrameReadResult.Invalid(error!);
        }

        return FrameReadResult.Ok(new HelloFrame(
            f.User!, f.Protocol, f.Client, f.Since, f.Session, f.RoomCursors, f.Password, f.Register));
    }

    private static FrameReadResult Say(in FrameFields f)
    {
        if (Check(in f, FieldSet.Text, required: true, "a string", out var error) ||
            Check(in f, FieldSet.Ref, required: false, "a string", out error) ||
            Check(in f, FieldSet.Room, required: false, "a string", out error))
        {
            return FrameReadResult.Invalid(error!);
        }

        if (f.Ref is { Length: > ProtocolLimits.MaxRefLength })
        {
            return FrameReadResult.Invalid(ProtocolError.Bad(
                $"The field 'ref' of 'say' may be at most {ProtocolLimits.MaxRefLength} characters."));
        }

        return FrameReadResult.Ok(new SayFrame(f.Text!, f.Ref, f.Room));
    }

    private static FrameReadResult Welcome(in FrameFields f)
    {
        if (Check(in f, FieldSet.User, true, "a string", out var error) ||
            Check(in f, FieldSet.Users, true, "an array of strings", out error) ||
            Check(in f, FieldSet.LastId, true, "an integer", out error) ||
            Check(in f, FieldSet.Session, false, "a string", out error) ||
            Check(in f, FieldSet.Limits, false, "an object of non-negative integers, each named once", out error) ||
            Check(in f, FieldSet.Server, false, "a string", out error) ||
            Check(in f, FieldSet.Account, false, "a boolean", out error) ||
            Check(in f, FieldSet.Admin, false, "a boolean", out error))
        {
            return FrameReadResult.Invalid(error!);
        }

        return FrameReadResult.Ok(new WelcomeFrame(
            f.User!, f.Users!, f.Session ?? "", f.LastId!.Value, f.Limits ?? ServerLimits.Default, f.Server ?? "",
            f.Account ?? false, f.Admin ?? false));
    }

    private static FrameReadResult Ack(in FrameFields f)
    {
        if (Check(in f, FieldSet.Id, true, "an integer", out var error) ||
            Check(in f, FieldSet.Ts, true, "an ISO 8601 timestamp", out error) ||
            Check(in f, FieldSet.Ref, false, "a string", out error) ||
            Check(in f, FieldSet.Room, false, "a string", out error))
        {
            return FrameReadResult.Invalid(error!);
        }

        return FrameReadResult.Ok(new AckFrame(f.Ref, f.Id!.Value, f.Ts!.Value, f.Room));
    }

    private static FrameReadResult Message(in FrameFields f)
    {
        if (Check(in f, FieldSet.Id, true, "an integer", out var error) ||
            Check(in f, FieldSet.Ts, true, "an ISO 8601 timestamp", out error) ||
            Check(in f, FieldSet.From, true, "a string", out error) ||
            Check(in f, FieldSet.Text, true, "a string", out error) ||
            Check(in f, FieldSet.Replay, false, "a boolean", out error) ||
            Check(in f, FieldSet.Room, false, "a string", out error))
        {
            return FrameReadResult.Invalid(error!);
        }

        return FrameReadResult.Ok(new MessageFrame(f.Id!.Value, f.Ts!.Value, f.From!, f.Text!, f.Replay ?? false, f.Room));
    }

    private static FrameReadResult Joined(in FrameFields f)
    {
        if (Check(in f, FieldSet.Id, true, "an integer", out var error) ||
            Check(in f, FieldSet.Ts, true, "an ISO 8601 timestamp", out error) ||
            Check(in f, FieldSet.User, true, "a string", out error) ||
            Check(in f, FieldSet.Room, false, "a string", out error) ||
            Check(in f, FieldSet.Replay, false, "a boolean", out error))
        {
            return FrameReadResult.Invalid(error!);
        }

        return FrameReadResult.Ok(new JoinedFrame(f.Id!.Value, f.Ts!.Value, f.User!, f.Room, f.Replay ?? false));
    }

    private static FrameReadResult Left(in FrameFields f)
    {
        if (Check(in f, FieldSet.Id, true, "an integer", out var error) ||
            Check(in f, FieldSet.Ts, true, "an ISO 8601 timestamp", out error) ||
            Check(in f, FieldSet.User, true, "a string", out error) ||
            Check(in f, FieldSet.Reason, true, "a string", out error) ||
            Check(in f, FieldSet.Room, false, "a string", out error) ||
            Check(in f, FieldSet.Replay, false, "a boolean", out error) ||
            Check(in f, FieldSet.By, false, "a string", out error) ||
            Check(in f, FieldSet.Note, false, "a string", out error))
        {
            return FrameReadResult.Invalid(error!);
        }

        return FrameReadResult.Ok(new LeftFrame(f.Id!.Value, f.Ts!.Value, f.User!, f.Reason!, f.Room, f.Replay ?? false, f.By, f.Note));
    }

    private static FrameReadResult Error(in FrameFields f)
    {
        if (Check(in f, FieldSet.Code, true, "a string", out var error) ||
            Check(in f, FieldSet.Message, false, "a string", out error) ||
            Check(in f, FieldSet.Ref, false, "a string", out error) ||
            Check(in f, FieldSet.Suggestion, false, "a string", out error) ||
            Check(in f, FieldSet.Room, false, "a string", out error))
        {
            return FrameReadResult.Invalid(error!);
        }

        return FrameReadResult.Ok(new ErrorFrame(f.Code!, f.Message ?? "", f.Ref, f.Suggestion, f.Room));
    }

    private static FrameReadResult Shutdown(in FrameFields f)
    {
        if (Check(in f, FieldSet.Message, false, "a string", out var error))
        {
            return FrameReadResult.Invalid(error!);
        }

        return FrameReadResult.Ok(f.Message is null ? ShutdownFrame.Default : new ShutdownFrame(f.Message));
    }

    private static FrameReadResult Users(in FrameFields f)
    {
        if (Check(in f, FieldSet.Users, true, "an array of strings", out var error) ||
            Check(in f, FieldSet.Room, false, "a string", out error))
        {
            return FrameReadResult.Invalid(error!);
        }

        return FrameReadResult.Ok(new UsersFrame(f.Users!, f.Room));
    }

    private static FrameReadResult Who(in FrameFields f)
    {
        if (Check(in f, FieldSet.Room, false, "a string", out var error))
        {
            return FrameReadResult.Invalid(error!);
        }

        return FrameReadResult.Ok(f.Room is null ? WhoFrame.Instance : new WhoFrame(f.Room));
    }

    private static FrameReadResult Room(in FrameFields f)
    {
        if (Check(in f, FieldSet.Room, true, "a string", out var error) ||
            Check(in f, FieldSet.Topic, false, "a string", out error) ||
            Check(in f, FieldSet.Users, true, "an array of strings", out error) ||
            Check(in f, FieldSet.LastId, true, "an integer", out error) ||
            Check(in f, FieldSet.Epoch, true, "a string", out error) ||
            Check(in f, FieldSet.Truncated, false, "a boolean", out error) ||
            Check(in f, FieldSet.Operators, false, "an array of strings", out error))
        {
            return FrameReadResult.Invalid(error!);
        }

        return FrameReadResult.Ok(new RoomFrame(f.Room!, f.Topic, f.Users!, f.LastId!.Value, f.Epoch!, f.Truncated ?? false, f.Operators));
    }

    private static FrameReadResult Join(in FrameFields f)
    {
        if (Check(in f, FieldSet.Room, true, "a string", out var error) ||
            Check(in f, FieldSet.Since, false, "an integer", out error) ||
            Check(in f, FieldSet.Epoch, false, "a string", out error))
        {
            return FrameReadResult.Invalid(error!);
        }

        return FrameReadResult.Ok(new JoinFrame(f.Room!, f.Since, f.Epoch));
    }

    private static FrameReadResult Part(in FrameFields f)
    {
        if (Check(in f, FieldSet.Room, true, "a string", out var error))
        {
            return FrameReadResult.Invalid(error!);
        }

        return FrameReadResult.Ok(new PartFrame(f.Room!));
    }

    private static FrameReadResult Topic(in FrameFields f)
    {
        if (Check(in f, FieldSet.Room, true, "a string", out var error) ||
            Check(in f, FieldSet.Topic, true, "a string", out error) ||
            Check(in f, FieldSet.Id, false, "an integer", out error) ||
            Check(in f, FieldSet.Ts, false, "an ISO 8601 timestamp", out error) ||
            Check(in f, FieldSet.User, false, "a string", out error) ||
            Check(in f, FieldSet.Replay, false, "a boolean", out error))
        {
            return FrameReadResult.Invalid(error!);
        }

        return FrameReadResult.Ok(new TopicFrame(f.Room!, f.Topic!, f.Id, f.Ts, f.User, f.Replay ?? false));
    }

    private static FrameReadResult Rooms(in FrameFields f)
    {
        if (f.RoomCursors is not null)
        {
            return FrameReadResult.Invalid(ProtocolError.Bad("The field 'rooms' of 'rooms' must be an array of room summaries."));
        }

        if (Check(in f, FieldSet.Rooms, false, "an array of room summaries ({\"room\":..,\"topic\":..,\"members\":..})", out var error))
        {
            return FrameReadResult.Invalid(error!);
        }

        return FrameReadResult.Ok(f.RoomList is null ? RoomsFrame.Request : new RoomsFrame(f.RoomList));
    }

    private static FrameReadResult History(in FrameFields f)
    {
        if (Check(in f, FieldSet.Room, true, "a string", out var error) ||
            Check(in f, FieldSet.Before, false, "an integer", out error) ||
            Check(in f, FieldSet.Limit, false, "an integer", out error) ||
            Check(in f, FieldSet.Events, false, "an array of room events", out error) ||
            Check(in f, FieldSet.More, false, "a boolean", out error))
        {
            return FrameReadResult.Invalid(error!);
        }

        return FrameReadResult.Ok(new HistoryFrame(f.Room!, f.Before, f.Limit, f.Events, f.More));
    }

    private static FrameReadResult Password(in FrameFields f)
    {
        if (Check(in f, FieldSet.Password, false, "a string", out var error) ||
            Check(in f, FieldSet.NewPassword, false, "a string", out error) ||
            Check(in f, FieldSet.Changed, false, "a boolean", out error))
        {
            return FrameReadResult.Invalid(error!);
        }

        return FrameReadResult.Ok(f.Changed is true && f.Password is null && f.NewPassword is null
            ? PasswordFrame.Confirmation
            : new PasswordFrame(f.Password, f.NewPassword, f.Changed));
    }

    /// <summary><c>kick</c>, <c>op</c> and <c>deop</c>: a member of a room, by name.</summary>
    private static FrameReadResult ModerateMember(in FrameFields f)
    {
        if (Check(in f, FieldSet.Room, true, "a string", out var error) ||
            Check(in f, FieldSet.User, true, "a string", out error) ||
            Check(in f, FieldSet.Reason, false, "a string", out error))
        {
            return FrameReadResult.Invalid(error!);
        }

        return FrameReadResult.Ok(new ModerationFrame(f.Type!, f.Room, f.User, Reason: f.Reason));
    }

    /// <summary><c>ban</c>, <c>unban</c>, <c>mute</c> and <c>unmute</c>: a name or an address, in a room or (without one) the server.</summary>
    private static FrameReadResult Restrict(in FrameFields f)
    {
        var lasting = f.Type is FrameTypes.Ban or FrameTypes.Mute;
        if (Check(in f, FieldSet.Room, false, "a string", out var error) ||
            Check(in f, FieldSet.User, false, "a string", out error) ||
            Check(in f, FieldSet.Address, false, "a string", out error) ||
            Check(in f, FieldSet.Reason, false, "a string", out error) ||
            (lasting && Check(in f, FieldSet.Duration, false, DurationRule, out error)))
        {
            return FrameReadResult.Invalid(error!);
        }

        if ((f.User is null) == (f.Address is null))
        {
            return FrameReadResult.Invalid(ProtocolError.Bad(f.User is null
                ? $"A '{f.Type}' frame needs the field 'user' (a name) or the field 'address' (an IP address)."
                : $"A '{f.Type}' frame names a 'user' or an 'address', not both."));
        }

        if (lasting && f.Duration is < 1 or > ProtocolLimits.MaxModerationSeconds)
        {
            return FrameReadResult.Invalid(ProtocolError.Bad($"The field 'duration' of '{f.Type}' must be {DurationRule}."));
        }

        return FrameReadResult.Ok(new ModerationFrame(f.Type!, f.Room, f.User, f.Address, lasting ? f.Duration : null, f.Reason));
    }

    private const string DurationRule = "a whole number of seconds from 1 to 315360000 (ten years); leave it out for good";

    private static FrameReadResult Mod(in FrameFields f)
    {
        if (Check(in f, FieldSet.Action, true, "a string", out var error) ||
            Check(in f, FieldSet.By, true, "a string", out error) ||
            Check(in f, FieldSet.User, false, "a string", out error) ||
            Check(in f, FieldSet.Address, false, "a string", out error) ||
            Check(in f, FieldSet.Duration, false, "an integer", out error) ||
            Check(in f, FieldSet.Reason, false, "a string", out error) ||
            Check(in f, FieldSet.Room, false, "a string", out error) ||
            Check(in f, FieldSet.Id, false, "an integer", out error) ||
            Check(in f, FieldSet.Ts, false, "an ISO 8601 timestamp", out error) ||
            Check(in f, FieldSet.Replay, false, "a boolean", out error))
        {
            return FrameReadResult.Invalid(error!);
        }

        return FrameReadResult.Ok(new ModFrame(
            f.Action!, f.By!, f.User, f.Address, f.Duration, f.Reason, f.Room, f.Id, f.Ts, f.Replay ?? false));
    }

    /// <summary><c>hello.rooms</c> is an object of cursors; an array there is the wrong kind.</summary>
    private static bool CheckCursors(in FrameFields f, out ProtocolError? error)
    {
        error = f.RoomList is not null || ((f.WrongKind & FieldSet.Rooms) != 0)
            ? ProtocolError.Bad("The field 'rooms' of 'hello' must be an object of room cursors, such as {\"#dev\":{\"since\":12,\"epoch\":\"Zp2c\"}}, each named once.")
            : null;
        return error is not null;
    }

    /// <returns>True when the field makes the frame invalid; <paramref name="error"/> says why.</returns>
    private static bool Check(in FrameFields f, FieldSet field, bool required, string kind, out ProtocolError? error)
    {
        // The field's name is only spelled out for an error: this runs for every frame received.
        error = null;
        if ((f.WrongKind & field) != 0)
        {
            error = ProtocolError.Bad($"The field '{FieldNames.NameOf(field)}' of '{f.Type}' must be {kind}.");
        }
        else if (required && (f.Present & field) == 0)
        {
            error = ProtocolError.Bad($"A '{f.Type}' frame needs the field '{FieldNames.NameOf(field)}' ({kind}).");
        }

        return error is not null;
    }
}
