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

    /// <summary>Room names and addresses, and near misses of them: look-alikes, invisibles, a hash or an at sign too many.</summary>
    private static readonly Gen<string> RoomLike = Gen.Frequency<string>(
        (3, Gen.Select(Gen.OneOf("#", "#", "@", "", "##", "#@"), Gen.Char["abzAZ09_-.#@ é\u0430\u212A\u200B\u202E😀"].Array[0, 36],
            (head, tail) => head + new string(tail))),
        (2, AnyText),
        (1, Gen.OneOf("#piazza", "#Dev", "#" + new string('a', 32), "#" + new string('a', 33), "@admin", "@Bob", "#\u212Aelvin", "@\u212Aelvin")));

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

    [Fact]
    public void Room_names_are_accepted_exactly_when_the_contract_allows()
    {
        RoomLike.Sample(room =>
        {
            var result = RoomNameRules.Validate(room);

            Assert.Equal(RoomNamePattern().IsMatch(room), result.IsValid);
            if (!result.IsValid)
            {
                ValidationAssert.Refused(result, "Room name", ErrorCodes.InvalidRoom);
            }
        }, iter: 5_000);
    }

    [Fact]
    public void Normalizing_lowers_ascii_only_and_neither_makes_nor_breaks_a_valid_name()
    {
        RoomLike.Sample(room =>
        {
            var normalized = RoomNameRules.Normalize(room);

            Assert.Equal(RoomNameRules.Validate(room).IsValid, RoomNameRules.Validate(normalized).IsValid);
            Assert.Equal(room.Length, normalized.Length);
            Assert.Equal(normalized, RoomNameRules.Normalize(normalized));
            Assert.True(RoomNameRules.Comparer.Equals(room, normalized));
            Assert.DoesNotContain(normalized, char.IsAsciiLetterUpper);
            for (var i = 0; i < room.Length; i++)
            {
                Assert.Equal(char.IsAsciiLetterUpper(room[i]) ? char.ToLowerInvariant(room[i]) : room[i], normalized[i]);
            }
        }, iter: 5_000);
    }

    [Fact]
    public void Addresses_are_rooms_or_at_signs_before_valid_usernames()
    {
        RoomLike.Sample(address =>
        {
            var result = RoomNameRules.ValidateAddress(address);

            var allowed = address.StartsWith('@')
                ? UsernamePattern().IsMatch(address[1..]) && !new[] { "server", "system", "admin", "everyone", "here" }.Contains(address[1..].ToLowerInvariant())
                : RoomNamePattern().IsMatch(address);
            Assert.Equal(allowed, result.IsValid);
            if (!allowed)
            {
                var message = ValidationAssert.Refused(result, "Room name", ErrorCodes.InvalidRoom);
                Assert.DoesNotContain(message.EnumerateRunes(), r => MessageTextRules.IsForbidden(r) || r.Value is 0x200B or 0x200D or 0xFEFF);
            }
        }, iter: 5_000);
    }

    [Fact]
    public void Topics_are_accepted_exactly_when_the_contract_allows()
    {
        var lengths = Gen.Frequency<string>((5, AnyText), (1, Gen.Int[290, 310].Select(n => string.Concat(Enumerable.Repeat("😀", n)))));

        lengths.Sample(topic =>
        {
            var result = TopicRules.Validate(topic);

            // Blank is allowed (it clears the topic); otherwise one line, by the message rules with a limit of 300.
            var code = Oracle(topic, ProtocolLimits.MaxTopicScalars);
            if (code is not ErrorCodes.EmptyMessage && topic.Contains('\n', StringComparison.Ordinal))
            {
                ValidationAssert.Refused(result, "Topic", ErrorCodes.InvalidText);
            }
            else if (code is null or ErrorCodes.EmptyMessage)
            {
                ValidationAssert.Accepted(result, "Topic");
            }
            else
            {
                ValidationAssert.Refused(result, "Topic", ErrorCodes.InvalidText);
            }
        }, iter: 5_000);
    }

    /// <summary>The text rules of protocol §3, written out independently.</summary>
    private static string? Oracle(string text, int maxScalars = 2000)
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

        return runes.Count > maxScalars ? ErrorCodes.MessageTooLong : null;
    }

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_.-]{0,31}\z")]
    private static partial Regex UsernamePattern();

    [GeneratedRegex(@"^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.?\z")]
    private static partial Regex HostNamePattern();

    /// <summary>§7: # and 1-32 letters, digits, - _ . starting with a letter or digit (any case: names are sent lowercased).</summary>
    [GeneratedRegex(@"^#[A-Za-z0-9][A-Za-z0-9_.-]{0,31}\z")]
    private static partial Regex RoomNamePattern();
}
