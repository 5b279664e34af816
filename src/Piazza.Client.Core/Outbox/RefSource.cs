using System.Globalization;
using System.Security.Cryptography;

namespace Piazza.Client.Core;

/// <summary>
/// Makes message refs unique for the sender across connections and restarts: a random prefix
/// drawn once per client (60 bits), then a counter. The server takes a repeated ref for the same
/// message and stores it once, so refs that started again at 1 after a reconnect or a restart
/// would make new messages vanish as "already stored".
/// </summary>
internal sealed class RefSource
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";
    private readonly string _prefix;
    private long _next;

    public RefSource(string? prefix = null)
    {
        _prefix = prefix ?? RandomPrefix();
    }

    public string Next() => _prefix + "-" + Interlocked.Increment(ref _next).ToString(CultureInfo.InvariantCulture);

    private static string RandomPrefix()
    {
        Span<char> chars = stackalloc char[12];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        return new string(chars);
    }
}
