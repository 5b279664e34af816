using System.Net;
using Piazza.Protocol.Tests.Support;

namespace Piazza.Protocol.Tests;

/// <summary>Hosts: an IPv4 dotted quad, an IPv6 address (bracketed or not), or a well-formed DNS name.</summary>
public sealed class HostRulesTests
{
    private static readonly string Label63 = new('a', 63);

    /// <summary>A name of exactly 253 characters: three 63-character labels and one of 61.</summary>
    private static readonly string Name253 = $"{Label63}.{Label63}.{Label63}.{new string('b', 61)}";

    private static string Refused(string? host) => ValidationAssert.Refused(EndpointRules.ValidateHost(host), "Host", code: null);

    public static TheoryData<string> ValidHosts =>
    [
        "127.0.0.1", "0.0.0.0", "255.255.255.255", "10.1.2.3", "192.168.100.200",
        "::1", "[::1]", "::", "2001:db8::1", "[2001:db8::1]", "::ffff:127.0.0.1", "fe80::1", "fe80::1%1", "2001:0db8:0000:0000:0000:0000:0000:0001",
        "localhost", "LOCALHOST", "chat.example.org", "chat.example.org.", "a", "a-b.c", "1a.example", "xn--bcher-kva.example", "a1.b2.c3",
        "  localhost  ", "\tchat.example.org\n",
        $"{new string('a', 63)}.com",
    ];

    [Theory]
    [MemberData(nameof(ValidHosts))]
    public void Valid_hosts_are_accepted(string host)
    {
        ValidationAssert.Accepted(EndpointRules.ValidateHost(host), "Host");
    }

    [Fact]
    public void A_name_of_253_characters_is_accepted_with_or_without_its_final_dot()
    {
        Assert.Equal(253, Name253.Length);
        ValidationAssert.Accepted(EndpointRules.ValidateHost(Name253), "Host");
        ValidationAssert.Accepted(EndpointRules.ValidateHost(Name253 + "."), "Host");
    }

    [Fact]
    public void A_name_of_254_characters_is_refused()
    {
        var message = Refused(Name253 + "c");

        Assert.Contains("253", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\t\n")]
    public void A_missing_host_is_refused(string? host)
    {
        Assert.Contains("required", Refused(host), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("127.1")]
    [InlineData("1.2.3")]
    [InlineData("1.2.3.4.5")]
    [InlineData("300.1.1.1")]
    [InlineData("256.0.0.1")]
    [InlineData("1.2.3.256")]
    [InlineData("1..2.3")]
    [InlineData("1.2.3.4.")]
    [InlineData("4294967295")]
    public void Numbers_that_are_not_a_dotted_quad_are_refused_as_addresses(string host)
    {
        Assert.Contains("not a valid IP address", Refused(host), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("010.0.0.1")]
    [InlineData("127.0.0.01")]
    [InlineData("127.000.000.001")]
    [InlineData("0x7f000001")]
    [InlineData("0x7f.0.0.1")]
    [InlineData("1.2.3.0x4")]
    [InlineData("0XDEADBEEF")]
    public void Octal_and_hex_forms_that_resolvers_read_as_other_addresses_are_refused(string host)
    {
        var message = Refused(host);

        Assert.Contains("not a valid IP address", message, StringComparison.Ordinal);
        Assert.Contains("leading zeros", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1::2::3")]
    [InlineData(":::")]
    [InlineData("[::1")]
    [InlineData("::1]")]
    [InlineData("2001:db8::g")]
    [InlineData("example.org:80")]
    [InlineData("http://example.org")]
    public void Malformed_ipv6_and_anything_with_a_colon_is_refused(string host)
    {
        Refused(host);
    }

    [Theory]
    [InlineData("example.org:80", "example.org")]
    [InlineData("127.0.0.1:5000", "127.0.0.1")]
    public void A_host_with_a_port_says_to_put_the_port_in_its_own_field(string host, string without)
    {
        var message = Refused(host);

        Assert.Contains("includes a port", message, StringComparison.Ordinal);
        Assert.Contains($"'{without}'", message, StringComparison.Ordinal);
        Assert.Contains("Port field", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a..b", "empty part")]
    [InlineData("a.b..", "empty part")]
    [InlineData(".a", "empty part")]
    [InlineData(".", "empty part")]
    [InlineData("..", "empty part")]
    [InlineData("-a.com", "'-'")]
    [InlineData("a-.com", "'-'")]
    [InlineData("a.-b", "'-'")]
    [InlineData("a b", "a space")]
    [InlineData("a_b.com", "'_'")]
    [InlineData("ex@mple.com", "'@'")]
    [InlineData("bücher.de", "'ü' (U+00FC)")]
    [InlineData("a😀.com", "'😀' (U+1F600)")]
    [InlineData("a\u200B.com", "U+200B")]
    [InlineData("a/b", "'/'")]
    public void Malformed_names_are_refused_with_the_reason(string host, string reason)
    {
        Assert.Contains(reason, Refused(host), StringComparison.Ordinal);
    }

    [Fact]
    public void A_part_longer_than_63_characters_is_refused()
    {
        Assert.Contains("63", Refused(new string('a', 64) + ".com"), StringComparison.Ordinal);
        Assert.Contains("63", Refused("x." + new string('a', 64)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1")]
    [InlineData("0.0.0.0", "0.0.0.0")]
    [InlineData("[::1]", "::1")]
    [InlineData("::1", "::1")]
    [InlineData("2001:db8::1", "2001:db8::1")]
    public void TryParseAddress_reads_strict_addresses(string host, string expected)
    {
        Assert.True(EndpointRules.TryParseAddress(host, out var address));
        Assert.Equal(IPAddress.Parse(expected), address);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("127.1")]
    [InlineData("010.0.0.1")]
    [InlineData("0x7f000001")]
    [InlineData("localhost")]
    [InlineData("")]
    [InlineData("[::1")]
    public void TryParseAddress_refuses_loose_forms_and_names(string host)
    {
        Assert.False(EndpointRules.TryParseAddress(host, out var address));
        Assert.Null(address);
    }

    [Fact]
    public void TryParseAddress_needs_a_string()
    {
        Assert.Throws<ArgumentNullException>(() => EndpointRules.TryParseAddress(null!, out _));
    }
}
