namespace Piazza.Server.Tests;

/// <summary>Signing in and registering through the protocol, as a client does (protocol §10).</summary>
internal static class AccountClients
{
    public const string Password = "correct horse battery";

    /// <summary>Sends a protocol 2 hello with a password and returns the answer: the welcome, or the error.</summary>
    public static async Task<Frame> HelloAsync(
        this RawClient client, string user, string? password, bool register = false, IReadOnlyDictionary<string, RoomCursor>? rooms = null, TimeSpan? timeout = null)
    {
        await client.SendAsync(new HelloFrame(user, 2, "piazza-tests", Rooms: rooms, Password: password, Register: register ? true : null));
        return await client.ExpectAsync<Frame>(f => f is WelcomeFrame or ErrorFrame, timeout);
    }

    /// <summary>Signs in (or registers) and insists on the welcome.</summary>
    public static async Task<WelcomeFrame> SignInAsync(
        this RawClient client, string user, string password = Password, bool register = false, IReadOnlyDictionary<string, RoomCursor>? rooms = null)
    {
        var answer = await client.HelloAsync(user, password, register, rooms);
        return answer as WelcomeFrame
            ?? throw new InvalidOperationException($"Sign-in as '{user}' refused: {((ErrorFrame)answer).Code}: {((ErrorFrame)answer).Message}");
    }

    /// <summary>A new connection that registers <paramref name="user"/>; it is signed in and in the rooms its hello names (none: the default room).</summary>
    public static async Task<RawClient> RegisterAsync(this TestServer server, string user, string password = Password, IReadOnlyDictionary<string, RoomCursor>? rooms = null)
    {
        var client = await server.ConnectAsync();
        await client.SignInAsync(user, password, register: true, rooms);
        return client;
    }

    /// <summary>A new connection signed in as <paramref name="user"/>.</summary>
    public static async Task<RawClient> SignInAsync(this TestServer server, string user, string password = Password, IReadOnlyDictionary<string, RoomCursor>? rooms = null)
    {
        var client = await server.ConnectAsync();
        await client.SignInAsync(user, password, rooms: rooms);
        return client;
    }

    /// <summary>Registers and leaves at once, so the account exists and is offline.</summary>
    public static async Task RegisterOfflineAsync(this TestServer server, string user, string password = Password)
    {
        await using var client = await server.RegisterAsync(user, password, Rooms());
        await client.SendAsync(ByeFrame.Instance);
        await client.ReadToEndAsync();
    }

    /// <summary>A protocol 2 guest (no password) in the rooms named.</summary>
    public static async Task<RawClient> GuestAsync(this TestServer server, string user, IReadOnlyDictionary<string, RoomCursor>? rooms = null)
    {
        var client = await server.ConnectAsync();
        await client.SendAsync(new HelloFrame(user, 2, "piazza-tests", Rooms: rooms));
        var answer = await client.ExpectAsync<Frame>(f => f is WelcomeFrame or ErrorFrame);
        if (answer is ErrorFrame error)
        {
            throw new InvalidOperationException($"Guest '{user}' refused: {error.Code}: {error.Message}");
        }

        return client;
    }

    /// <summary>Cursors for a hello: each room without one.</summary>
    public static Dictionary<string, RoomCursor> Rooms(params string[] rooms)
    {
        var cursors = new Dictionary<string, RoomCursor>(RoomNameRules.Comparer);
        foreach (var room in rooms)
        {
            cursors.Add(room, RoomCursor.None);
        }

        return cursors;
    }
}
