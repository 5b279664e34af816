using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Geralt;

namespace Piazza.Server.Accounts;

/// <summary>
/// Argon2id password hashes with OWASP's parameters (19 MiB of memory, 2 passes, 1 lane), in the
/// self-describing PHC form (<c>$argon2id$v=19$m=19456,t=2,p=1$salt$hash</c>) with a random salt
/// each. libsodium does the work and compares in constant time. Slow on purpose: call it on the
/// <see cref="HashPool"/>, never on a thread that delivers messages.
/// </summary>
internal static class PasswordHasher
{
    /// <summary>Passes over the memory (OWASP: 2 with 19 MiB).</summary>
    public const int Iterations = 2;

    /// <summary>Memory per hash, in bytes (OWASP: 19 MiB).</summary>
    public const int MemoryBytes = 19 * 1024 * 1024;

    /// <summary>A hash of a random password nobody knows: an unknown name is checked against it, so it costs what a known one does.</summary>
    private static readonly Lazy<string> Decoy = new(() => Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(24))));

    /// <summary>The hash of <paramref name="password"/>, salted, in PHC form.</summary>
    public static string Hash(string password)
    {
        var bytes = Encode(password, out var length);
        try
        {
            Span<char> hash = stackalloc char[Argon2id.HashSize];
            Argon2id.ComputeHash(hash, bytes.AsSpan(0, length), Iterations, MemoryBytes);
            return new string(hash.TrimEnd('\0'));
        }
        finally
        {
            Forget(bytes, length);
        }
    }

    /// <summary>True when <paramref name="password"/> matches <paramref name="hash"/>; false for a malformed hash.</summary>
    public static bool Verify(string hash, string password)
    {
        var bytes = Encode(password, out var length);
        try
        {
            return Argon2id.VerifyHash(hash.AsSpan(), bytes.AsSpan(0, length));
        }
        catch (Exception e) when (e is FormatException or ArgumentException or CryptographicException)
        {
            // A hash that is not an Argon2id string matches nothing.
            return false;
        }
        finally
        {
            Forget(bytes, length);
        }
    }

    /// <summary>Checks a password against the decoy, spending the time a real check would; always false.</summary>
    public static bool VerifyDecoy(string password) => Verify(Decoy.Value, password) && false;

    /// <summary>True when a stored hash was made with other parameters than today's (it is replaced at the next sign-in).</summary>
    public static bool NeedsRehash(string hash)
    {
        try
        {
            return Argon2id.NeedsRehash(hash.AsSpan(), Iterations, MemoryBytes);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or CryptographicException)
        {
            return true;
        }
    }

    private static byte[] Encode(string password, out int length)
    {
        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(password.Length));
        length = Encoding.UTF8.GetBytes(password, bytes);
        return bytes;
    }

    /// <summary>The password's bytes do not outlive the call: zeroed before the buffer goes back to the pool.</summary>
    private static void Forget(byte[] bytes, int length)
    {
        CryptographicOperations.ZeroMemory(bytes.AsSpan(0, length));
        ArrayPool<byte>.Shared.Return(bytes);
    }
}
