using Piazza.Protocol;
using Piazza.Store;

namespace Piazza.Server.Chat;

internal sealed partial class ChatHub
{
    /// <summary>
    /// A hello: a guest takes a free name that is not registered; an account signs in with its
    /// password (or registers) and may already be present from other devices. Server bans are
    /// checked first, before any password is hashed.
    /// </summary>
    /// <returns>The new session and, when signed in, its account; or a refusal.</returns>
    public async Task<(ChatSession? Session, Account? Account, ChatRefusal? Refusal)> HelloAsync(ISessionSink sink, HelloRequest request)
    {
        var isAdminName = Options.IsAdminName(request.Name);
        if (Moderation.Find("", SanctionKind.Ban, isAdminName ? null : request.Name.ToLowerInvariant(), request.Address?.ToString()) is { } ban)
        {
            return (null, null, new ChatRefusal(ChatError.NotPermitted, $"You are banned from this server {Describe(ban)}."));
        }

        try
        {
            if (request.Password is null)
            {
                var (guest, refusal) = await GuestAsync(sink, request);
                return (guest, null, refusal);
            }

            return request.Register
                ? await RegisterAsync(sink, request, isAdminName)
                : await SignInAsync(sink, request, isAdminName);
        }
        catch (StoreUnavailableException ex)
        {
            Logger.StoreRefused("accounts", ex.Message);
            return (null, null, new ChatRefusal(ChatError.StoreUnavailable, "The server cannot read its accounts right now; try again in a moment."));
        }
    }

    private async Task<(ChatSession?, ChatRefusal?)> GuestAsync(ISessionSink sink, HelloRequest request)
    {
        if (!Options.GuestsAllowed)
        {
            return (null, new ChatRefusal(ChatError.AuthRequired,
                "This server admits registered accounts only: sign in with your password, or register with \"register\":true."));
        }

        if (await Accounts.IsRegisteredAsync(request.Name))
        {
            return (null, Registered(request.Name));
        }

        var session = Connect(sink, ToSession(request, null, isAdmin: false), out var refusal);
        if (session is null)
        {
            return (null, refusal);
        }

        // Registered meanwhile (between the look-up and taking the name): the account wins.
        if (await Accounts.IsRegisteredAsync(request.Name))
        {
            Members.Remove(session);
            sink.Session = null;
            return (null, Registered(request.Name));
        }

        // Taken on another node (or being taken there at this instant: one claim wins).
        bool claimed;
        try
        {
            claimed = await ClaimNameAsync(session.Key);
        }
        catch (StoreUnavailableException)
        {
            Members.Remove(session);
            sink.Session = null;
            throw;
        }

        if (!claimed)
        {
            Members.Remove(session);
            sink.Session = null;
            return (null, new ChatRefusal(ChatError.UsernameTaken, $"The username '{request.Name}' is already in use."));
        }

        return (session, null);
    }

    private async Task<(ChatSession?, Account?, ChatRefusal?)> RegisterAsync(ISessionSink sink, HelloRequest request, bool isAdminName)
    {
        if (isAdminName && !request.FromLoopback)
        {
            return (null, null, new ChatRefusal(ChatError.NotPermitted,
                $"'{request.Name}' is a server operator's name: register it from the server's own machine, or with 'piazza-server account create'."));
        }

        // Nobody (no guest, no second registration) takes the name while its password is hashed.
        if (!Members.TryReserve(request.Name))
        {
            return (null, null, await Accounts.IsRegisteredAsync(request.Name)
                ? new ChatRefusal(ChatError.AccountExists, $"The name '{request.Name}' is already registered: sign in with its password, or register another name.")
                : new ChatRefusal(ChatError.UsernameTaken, $"The username '{request.Name}' is in use by a guest right now; register another name, or try again later."));
        }

        try
        {
            var (account, refusal) = await Accounts.RegisterAsync(request.Name, request.Password!, request.Address);
            if (account is null)
            {
                return (null, null, refusal);
            }

            var session = Connect(sink, ToSession(request, account, isAdminName), out refusal);
            return (session, account, refusal);
        }
        finally
        {
            Members.Release(request.Name);
        }
    }

    private async Task<(ChatSession?, Account?, ChatRefusal?)> SignInAsync(ISessionSink sink, HelloRequest request, bool isAdminName)
    {
        var (account, refusal) = await Accounts.SignInAsync(request.Name, request.Password!, request.Address);
        if (account is null)
        {
            return (null, null, refusal);
        }

        var session = Connect(sink, ToSession(request, account, isAdminName), out refusal);
        return (session, account, refusal);
    }

    private static NewSession ToSession(HelloRequest request, Account? account, bool isAdmin) =>
        new(account?.Name ?? request.Name, request.Protocol, request.Token, request.NewToken, request.Address, account is not null, account is not null && isAdmin);

    private static ChatRefusal Registered(string name) => new(ChatError.AuthRequired,
        $"The name '{name}' is registered: sign in with its password (\"password\" in hello), or choose another name.");

    /// <summary>
    /// The rooms a new session starts in. A guest: the rooms its hello names (none named: the
    /// default room). An account: the rooms the hello names, with their cursors; then the rooms the
    /// account is in (recent history); then its direct conversations with messages since it was last
    /// seen, so what was written to it while it was away reaches it. An account in no room at all,
    /// whose hello names none, joins the default room as a guest does.
    /// </summary>
    /// <returns>The rooms that could not be joined, each with its refusal, for the door to report.</returns>
    public async Task<IReadOnlyList<(string Room, ChatRefusal Refusal)>> StartSessionAsync(
        ChatSession session, IReadOnlyDictionary<string, RoomCursor>? named, Account? account)
    {
        var plan = new List<(string Room, RoomCursor? Cursor)>();
        var seen = new HashSet<string>(RoomNameRules.Comparer);
        foreach (var (room, cursor) in named ?? new Dictionary<string, RoomCursor>())
        {
            plan.Add((room, cursor));
            seen.Add(room);
        }

        if (account is not null)
        {
            IReadOnlyList<string> rooms = [], conversations = [];
            try
            {
                rooms = await Accounts.Store.ListAccountRoomsAsync(account.Name);
                conversations = await Accounts.Store.ListConversationsAsync(account.Name, account.LastSeen, Options.MaxConversationsAtSignIn);
            }
            catch (StoreUnavailableException ex)
            {
                Logger.AccountRoomsUnavailable(account.Name, ex.Message);
            }

            if (named is null && rooms.Count == 0)
            {
                plan.Add((Options.DefaultRoom, null));
                seen.Add(Options.DefaultRoom);
            }

            foreach (var room in rooms)
            {
                if (seen.Add(room))
                {
                    plan.Add((room, null));
                }
            }

            foreach (var key in conversations)
            {
                if (DirectKey.TryParse(key, out var first, out var second))
                {
                    var address = "@" + (first == session.Key ? second : first);
                    if (seen.Add(address))
                    {
                        plan.Add((address, null));
                    }
                }
            }
        }
        else if (named is null)
        {
            plan.Add((Options.DefaultRoom, null));
        }

        var refused = new List<(string, ChatRefusal)>();
        foreach (var (room, cursor) in plan)
        {
            if (await JoinAsync(session, room, cursor) is { } refusal)
            {
                refused.Add((room, refusal));
            }
        }

        return refused;
    }

    /// <summary>Changes a signed-in account's password (the current one is checked, and throttled, as at sign-in).</summary>
    public async Task<ChatRefusal?> ChangePasswordAsync(ChatSession session, string current, string next)
    {
        if (!session.IsAccount)
        {
            return new ChatRefusal(ChatError.NotPermitted, "Only a signed-in account has a password to change; a guest can register with \"register\":true in hello.");
        }

        try
        {
            return await Accounts.ChangePasswordAsync(session.Name, current, next, session.Address);
        }
        catch (StoreUnavailableException ex)
        {
            Logger.StoreRefused("accounts", ex.Message);
            return new ChatRefusal(ChatError.StoreUnavailable, "The server cannot change passwords right now; try again in a moment.");
        }
    }
}
