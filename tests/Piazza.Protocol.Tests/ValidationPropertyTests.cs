using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CsCheck;
using Piazza.Protocol.Tests.Support;

namespace Piazza.Protocol.Tests;

/// <summary>
/// The validation rules against independent oracles on random input (lone surrogates included):
/// they never throw, accept exactly what the contract allows, and every refusal names its field.
/// </summary>
public sealed partial class ValidationPropertyTests
{
    /// <summary>Any UTF-16 units, lone surrogates included, mixed with the characters each rule cares about.</summary>
    private static readonly Gen<string> AnyText = Gen.Frequency<string>(
        (3, Generators.Text),
        (1, Gen.Char.Array[0, 20].Select(cs => new string(cs))),
        (3, Gen.Char["abcXYZ019_-. @é😀\u200B\t\n"].Array[0, 40].Select(cs => new string(cs))),
        (1, Gen.OneOf("server", "Admin", "HERE", "everyone", "SYSTEM", "alice")));

    private static readonly Gen<string> HostLike = Gen.Char["ab09.-:[]_x \u00FC"].Array[0, 20].Select(cs => new string(cs));

    [Fact]
    public void Usernames_are_accepted_exactly_when_the_contract_allows()
    {
        AnyText.Sample(name =>
        {
            var result = UsernameRules.Validate(name);

            var allowed = UsernamePattern().IsMatch(name) && !new[] { "server", "system", "admin", "everyone", "here" }.Contains(name.ToLowerInvariant());
            Assert.Equal(allowed, result.IsValid);
            if (!allowed)
            {
                ValidationAssert.Refused(result, "Username", ErrorCodes.InvalidUsername);
            }
        }, iter: 5_000);
    }

    [Fact]
    public void Message_texts_are_accepted_exactly_when_the_contract_allows()
    {
        var lengths = Gen.Frequency<string>((5, AnyText), (1, Gen.Int[1_990, 2_010].Select(n => string.Concat(Enumerable.Repeat("😀", n)))));

        lengths.Sample(text =>
        {
            var result = MessageTextRules.Validate(text);

            Assert.Equal(Oracle(text), result.Code);
            if (result.Code is null)
            {
                ValidationAssert.Accepted(result, "Message");
            }
            else
            {
                ValidationAssert.Refused(result, "Message", result.Code);
            }
        }, iter: 5_000);
    }

    [Fact]
    public void Hosts_never_throw_and_every_refusal_names_the_host()
    {
        Gen.OneOf(AnyText, HostLike).Sample(host =>
        {
            var result = EndpointRules.ValidateHost(host);

            if (result.IsValid)
            {
                // An accepted host is an address or a name made of the allowed characters only.
                var trimmed = host.Trim();
                Assert.True(EndpointRules.TryParseAddress(trimmed, out _) || HostNamePattern().IsMatch(trimmed), trimmed);
            }
            else
            {
                ValidationAssert.Refused(result, "Host", code: null);
            }
        }, iter: 5_000);
    }

    [Fact]
    public void Ports_are_accepted_exactly_when_they_are_whole_numbers_from_1_to_65535()
    {
        var portLike = Gen.Frequency<string>((3, Gen.Int[-10, 70_000].Select(i => i.ToString(CultureInfo.InvariantCulture))), (1, AnyText),
            (1, Gen.Char["0123456789 +-.e"].Array[0, 7].Select(cs => new string(cs))));

        portLike.Sample(port =>
        {
            var result = EndpointRules.ValidatePort(port);

            var trimmed = port.Trim();
            var allowed = trimmed.Length > 0 && trimmed.All(char.IsAsciiDigit)
                && int.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 65_535;
            Assert.Equal(allowed, result.IsValid);
            if (!allowed)
            {
                ValidationAssert.Refused(result, "Port", code: null);
            }
        }, iter: 5_000);
    }

    /// <summary>The text rules of protocol §3, written out independently.</summary>
    private static string? Oracle(string text)
    {
        var runes = new List<Rune>();
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                runes.Add(new Rune(text[i], text[++i]));
            }
            else if (char.IsSurrogate(text[i]))
            {
                return ErrorCodes.InvalidText;
            }
            else
            {
                runes.Add(new Rune(text[i]));
            }
        }

        if (runes.Any(r => (r.Value < 0x20 && r.Value is not '\n' and not '\t') || r.Value is >= 0x7F and <= 0x9F
            || r.Value is >= 0x202A and <= 0x202E || r.Value is >= 0x2066 and <= 0x2069))
        {
            return ErrorCodes.InvalidText;
        }

        if (runes.All(Rune.IsWhiteSpace))
        {
            return ErrorCodes.EmptyMessage;
        }

        return runes.Count > 2000 ? ErrorCodes.MessageTooLong : null;
    }

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_.-]{0,31}\z")]
    private static partial Regex UsernamePattern();

    [GeneratedRegex(@"^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.?\z")]
    private static partial Regex HostNamePattern();
}
