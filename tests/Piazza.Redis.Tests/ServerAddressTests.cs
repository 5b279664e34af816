using Piazza.Client.Core;

namespace Piazza.Redis.Tests;

/// <summary>The client library's list of servers: <c>host1:port,host2:port</c>.</summary>
public sealed class ServerAddressTests
{
    [Fact]
    public void A_list_of_hosts_with_and_without_ports_reads_in_order_with_the_default_port()
    {
        Assert.True(ServerAddress.TryParseList(" a.example:5001, 10.0.0.2 ,[::1]:5003,[fe80::1]", 5000, out var servers, out var error));
        Assert.Null(error);
        Assert.Equal(
            [new("a.example", 5001), new("10.0.0.2", 5000), new("::1", 5003), new("fe80::1", 5000)],
            servers);
    }

    [Theory]
    [InlineData("a:0", "port")]
    [InlineData("a:70000", "port")]
    [InlineData("a:x", "port")]
    [InlineData(",", "at least one")]
    [InlineData("bad host:5000", "Server 'bad host:5000'")]
    public void A_bad_entry_is_refused_with_a_sentence_naming_it(string text, string expected)
    {
        Assert.False(ServerAddress.TryParseList(text, 5000, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}
