namespace Piazza.Protocol.Tests.Support;

/// <summary>What every validation verdict promises.</summary>
internal static class ValidationAssert
{
    public static void Accepted(ValidationResult result, string field)
    {
        Assert.True(result.IsValid, $"Refused: {result.Message}");
        Assert.Equal(field, result.Field);
        Assert.Null(result.Code);
        Assert.Null(result.Message);
    }

    /// <summary>Refused, with a message that names <paramref name="field"/> so a person knows which input is wrong.</summary>
    public static string Refused(ValidationResult result, string field, string? code)
    {
        Assert.False(result.IsValid, "Accepted, but should have been refused.");
        Assert.Equal(field, result.Field);
        Assert.Equal(code, result.Code);
        Assert.False(string.IsNullOrWhiteSpace(result.Message));
        Assert.Contains(field, result.Message, StringComparison.Ordinal);
        Assert.EndsWith(".", result.Message, StringComparison.Ordinal);
        return result.Message;
    }
}
