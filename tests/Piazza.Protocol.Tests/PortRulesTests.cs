using Piazza.Protocol.Tests.Support;

namespace Piazza.Protocol.Tests;

/// <summary>Ports: a whole number from 1 to 65535.</summary>
public sealed class PortRulesTests
{
    [Theory]
    [InlineData("1")]
    [InlineData("80")]
    [InlineData("5000")]
    [InlineData("65535")]
    [InlineData(" 8080 ")]
    [InlineData("0080")]
    public void Whole_numbers_from_1_to_65535_are_accepted(string port)
    {
        ValidationAssert.Accepted(EndpointRules.ValidatePort(port), "Port");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\t")]
    public void A_missing_port_is_refused(string? port)
    {
        Assert.Contains("required", ValidationAssert.Refused(EndpointRules.ValidatePort(port), "Port", code: null), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("65536")]
    [InlineData("-1")]
    [InlineData("abc")]
    [InlineData("1.5")]
    [InlineData("+5")]
    [InlineData("1e3")]
    [InlineData("0x50")]
    [InlineData("8080a")]
    [InlineData("80 80")]
    [InlineData("٣")]
    [InlineData("８０")]
    [InlineData("99999999999")]
    [InlineData("2147483648")]
    public void Anything_else_is_refused_quoting_what_was_given(string port)
    {
        var message = ValidationAssert.Refused(EndpointRules.ValidatePort(port), "Port", code: null);

        Assert.Contains("1 to 65535", message, StringComparison.Ordinal);
        Assert.Contains(port, message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(65535)]
    public void Numbers_in_range_are_accepted(int port)
    {
        ValidationAssert.Accepted(EndpointRules.ValidatePort(port), "Port");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(65536)]
    [InlineData(int.MinValue)]
    [InlineData(int.MaxValue)]
    public void Numbers_out_of_range_are_refused(int port)
    {
        ValidationAssert.Refused(EndpointRules.ValidatePort(port), "Port", code: null);
    }
}
