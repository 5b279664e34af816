using System.Globalization;
using System.Net;

namespace Piazza.Operations.Tests;

/// <summary>Reads the server's metrics port as Prometheus would.</summary>
internal static class Metrics
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(20) };

    /// <summary>Waits for the server's "Metrics on http://..." line and returns the base address.</summary>
    public static async Task<Uri> AddressAsync(ServerProcess server)
    {
        var line = await Eventually.ValueAsync(() => server.Stdout.Split('\n').FirstOrDefault(l => l.Contains("Metrics on http://", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(20), "the metrics line");
        var start = line.IndexOf("http://", StringComparison.Ordinal);
        var end = line.IndexOf("/metrics", start, StringComparison.Ordinal);
        return new Uri(line[start..end]);
    }

    public static async Task<(HttpStatusCode Status, string Body, string? ContentType)> GetAsync(Uri address, string path)
    {
        using var response = await Http.GetAsync(new Uri(address, path));
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.ToString());
    }

    /// <summary>Every sample of a scrape, by its name and labels as written (<c>piazza_evictions_total{reason="slow"}</c>).</summary>
    public static async Task<IReadOnlyDictionary<string, double>> ScrapeAsync(Uri address)
    {
        var (status, body, _) = await GetAsync(address, "/metrics");
        Assert.Equal(HttpStatusCode.OK, status);
        return Parse(body);
    }

    public static IReadOnlyDictionary<string, double> Parse(string text)
    {
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var space = line.LastIndexOf(' ');
            samples[line[..space]] = double.Parse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        return samples;
    }

    public static double Value(this IReadOnlyDictionary<string, double> samples, string series) =>
        samples.TryGetValue(series, out var value) ? value : 0;
}
