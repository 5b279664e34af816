using System.Globalization;
using System.Net;

namespace Piazza.Operations.Tests;

/// <summary>The metrics port of the real process: Prometheus text that agrees with what clients saw, and health.</summary>
public sealed class MetricsTests
{
    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task Metrics_scraped_during_a_bench_run_agree_with_what_the_bench_counted()
    {
        var port = Ports.Free();
        await using var server = ServerProcess.Start(
            ["--port", Text(port), "--metrics-port", "0", "--rate-burst", "100000", "--rate-per-second", "100000"], new Dictionary<string, string>());
        await server.WaitUntilListeningAsync();
        var address = await Metrics.AddressAsync(server);

        var bench = BenchRun.RunAsync("fanout", "--port", Text(port), "--clients", "6", "--senders", "2",
            "--rate", "100", "--duration", "3", "--warmup", "0", "--json", "--no-progress");
        var scrapes = 0;
        var mostJoined = 0.0;
        while (!bench.IsCompleted)
        {
            var during = await Metrics.ScrapeAsync(address);
            scrapes++;
            mostJoined = Math.Max(mostJoined, during.Value("piazza_connections{door=\"ndjson\",state=\"joined\"}"));
            await Task.WhenAny(bench, Task.Delay(100, TestContext.Current.CancellationToken));
        }

        var report = await bench;
        var after = await Metrics.ScrapeAsync(address);

        Assert.True(scrapes > 0);
        Assert.Equal(6, mostJoined);
        var sent = report.GetProperty("sent").GetInt64();
        Assert.True(sent > 0);
        Assert.Equal(0, report.GetProperty("lost").GetInt64());
        Assert.Equal(report.GetProperty("deliveries").GetInt64(), after.Value("piazza_deliveries_total"));
        Assert.Equal(sent, after.Value("piazza_messages_total"));
        Assert.Equal(report.GetProperty("evicted").GetInt64(), after.Value("piazza_evictions_total{reason=\"slow\"}"));
        Assert.True(after.Value("piazza_connections_opened_total{door=\"ndjson\"}") >= 6);
        // Every message was stored, in batches; the histogram's buckets are cumulative.
        Assert.True(after.Value("piazza_store_commit_batch_size_sum") >= sent);
        var commits = after.Value("piazza_store_commit_batch_size_count");
        Assert.True(commits > 0);
        Assert.Equal(commits, after.Value("piazza_store_commit_batch_size_bucket{le=\"+Inf\"}"));
        Assert.Equal(commits, after.Value("piazza_store_commit_seconds_count"));
        Assert.True(after.Value("piazza_store_commit_batch_size_bucket{le=\"1\"}") <= after.Value("piazza_store_commit_batch_size_bucket{le=\"2\"}"));
    }

    [Fact]
    public async Task An_eviction_sign_in_failure_and_the_gauges_show_in_the_scrape()
    {
        var port = Ports.Free();
        await using var server = ServerProcess.Start(["--port", Text(port), "--metrics-port", "0", "--hello-timeout", "3"], new Dictionary<string, string>());
        await server.WaitUntilListeningAsync();
        var address = await Metrics.AddressAsync(server);

        await using var member = await RawClient.ConnectAsync(port);
        await member.HelloAsync("watcher");
        await using (var wrong = await RawClient.ConnectAsync(port))
        {
            await wrong.SendAsync(new HelloFrame("nobody_here", Protocol: 2, Client: "piazza-tests", Password: "not the password"));
            var refusal = await wrong.ExpectAsync<ErrorFrame>();
            Assert.Equal(ErrorCodes.AuthFailed, refusal.Code);
        }

        // Silent past the hello deadline: evicted with reason timeout.
        await using (var silent = await RawClient.ConnectAsync(port))
        {
            await silent.ReadToEndAsync(TimeSpan.FromSeconds(30));
        }

        var samples = await Eventually.ValueAsync(() =>
        {
            var s = Metrics.ScrapeAsync(address).GetAwaiter().GetResult();
            return s.Value("piazza_evictions_total{reason=\"timeout\"}") >= 1 ? s : null;
        }, TimeSpan.FromSeconds(20), "the eviction to be counted");

        Assert.Equal(0, samples.Value("piazza_evictions_total{reason=\"slow\"}"));
        Assert.Equal(1, samples.Value("piazza_signin_failures_total{reason=\"wrong_password\"}"));
        Assert.Equal(1, samples.Value("piazza_members"));
        Assert.Equal(1, samples.Value("piazza_rooms"));
        Assert.Equal(1, samples.Value("piazza_connections{door=\"ndjson\",state=\"joined\"}"));
        Assert.True(samples.ContainsKey("piazza_queue_bytes"));
        Assert.True(samples.ContainsKey("piazza_clients_throttled_total"));
    }

    [Fact]
    public async Task Health_is_live_and_ready_and_the_text_format_is_prometheus()
    {
        var port = Ports.Free();
        await using var server = ServerProcess.Start(["--port", Text(port), "--metrics-port", "0"], new Dictionary<string, string>());
        await server.WaitUntilListeningAsync();
        var address = await Metrics.AddressAsync(server);
        Assert.True(IPAddress.IsLoopback(IPAddress.Parse(address.Host)));

        var live = await Metrics.GetAsync(address, "/healthz");
        var ready = await Metrics.GetAsync(address, "/readyz");
        var metrics = await Metrics.GetAsync(address, "/metrics");
        var missing = await Metrics.GetAsync(address, "/nothing");

        Assert.Equal((HttpStatusCode.OK, "ok\n"), (live.Status, live.Body));
        Assert.Equal((HttpStatusCode.OK, "ready\n"), (ready.Status, ready.Body));
        Assert.Equal(HttpStatusCode.OK, metrics.Status);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", metrics.ContentType);
        Assert.Contains("# TYPE piazza_deliveries_total counter\n", metrics.Body, StringComparison.Ordinal);
        Assert.Contains("# TYPE piazza_store_commit_seconds histogram\n", metrics.Body, StringComparison.Ordinal);
        Assert.Contains("# TYPE piazza_members gauge\n", metrics.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
    }
}

/// <summary>The metrics options refused at start, each naming itself.</summary>
public sealed class MetricsStartupTests
{
    [Fact]
    public async Task A_metrics_port_in_use_exits_2_naming_it()
    {
        using var taken = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var busy = ((IPEndPoint)taken.LocalEndpoint).Port;
        await using var server = ServerProcess.Start(
            ["--port", Ports.Free().ToString(CultureInfo.InvariantCulture), "--store", "memory", "--metrics-port", busy.ToString(CultureInfo.InvariantCulture)],
            new Dictionary<string, string>());
        await server.WaitForExitAsync();

        Assert.Equal(2, server.Process.ExitCode);
        Assert.Equal($"piazza-server: --metrics-port: port {busy} is already in use on 127.0.0.1; stop the other program or choose another port.", server.Stderr.Trim());
    }

    [Fact]
    public async Task A_metrics_host_not_on_this_machine_exits_2_naming_it()
    {
        await using var server = ServerProcess.Start(
            ["--port", Ports.Free().ToString(CultureInfo.InvariantCulture), "--store", "memory", "--metrics-port", "0", "--metrics-host", "203.0.113.7"],
            new Dictionary<string, string>());
        await server.WaitForExitAsync();

        Assert.Equal(2, server.Process.ExitCode);
        Assert.StartsWith("piazza-server: --metrics-host: 203.0.113.7 is not an address of this machine", server.Stderr.Trim(), StringComparison.Ordinal);
    }
}
