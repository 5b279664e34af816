using System.Security.Cryptography;

namespace Piazza.Store;

/// <summary>New epochs: short random strings, so a history that was lost is never mistaken for the new one.</summary>
internal static class Epochs
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>Eight characters of 62: about 47 bits, ample for "not the history the cursor came from".</summary>
    public static string New() => new(RandomNumberGenerator.GetItems<char>(Alphabet, 8));
}
