namespace Piazza.Protocol.Tests;

public sealed class TimestampAndHostPortTests
{
    [Theory]
    [InlineData("example.org:80", "example.org")]
    [InlineData("127.0.0.1:5000", "127.0.0.1")]
    public void A_host_with_a_port_says_to_put_the_port_in_its_own_field(string host, string without)
    {
        var verdict = EndpointRules.ValidateHost(host);

        Assert.False(verdict.IsValid);
        Assert.Contains("includes a port", verdict.Message, StringComparison.Ordinal);
        Assert.Contains($"'{without}'", verdict.Message, StringComparison.Ordinal);
        Assert.Contains("Port field", verdict.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("::1")]
    [InlineData("[::1]")]
    [InlineData("fe80::1")]
    public void IPv6_addresses_are_not_mistaken_for_a_host_with_a_port(string host) =>
        Assert.True(EndpointRules.ValidateHost(host).IsValid);
}
