using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Piazza.Server.Hosting;

/// <summary>
/// The <c>Piazza.Server</c> meter in Prometheus's text format (version 0.0.4), written by hand over
/// a <see cref="MeterListener"/>. Hand-written because the registry serves OpenTelemetry's
/// Prometheus exporter only as a prerelease (1.20.1-beta.1), and prometheus-net (8.2.1, stable)
/// would bring its own registry and HTTP server for what is some hundred lines here, next to the
/// health endpoints on the same port.
/// </summary>
internal sealed class PrometheusExporter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, Family> _families = new();
    private readonly Lock _scrapeGate = new();

    public PrometheusExporter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == ServerMetrics.MeterName)
            {
                var family = _families.GetOrAdd(instrument, i => new Family(i));
                listener.EnableMeasurementEvents(instrument, family);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, state) => ((Family)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>((_, value, tags, state) => ((Family)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>((_, value, tags, state) => ((Family)state!).Record(value, tags));
        _listener.Start();
    }

    /// <summary>The content type of <see cref="Scrape"/>'s text.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Reads the gauges and writes every family.</summary>
    public string Scrape()
    {
        lock (_scrapeGate)
        {
            foreach (var family in _families.Values.Where(f => f.IsGauge))
            {
                family.Clear();
            }

            _listener.RecordObservableInstruments();
            var text = new StringBuilder();
            foreach (var family in _families.Values.OrderBy(f => f.Name, StringComparer.Ordinal))
            {
                family.Write(text);
            }

            return text.ToString();
        }
    }

    public void Dispose() => _listener.Dispose();

    /// <summary>One instrument: its series by label set.</summary>
    private sealed class Family
    {
        private readonly ConcurrentDictionary<string, Series> _series = new(StringComparer.Ordinal);
        private readonly double[]? _bounds;
        private readonly string _help;
        private readonly string _type;

        public Family(Instrument instrument)
        {
            IsGauge = instrument.IsObservable;
            var isCounter = instrument.GetType().Name.StartsWith("Counter", StringComparison.Ordinal);
            _bounds = instrument switch
            {
                Histogram<long> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray() ?? [],
                Histogram<double> h => h.Advice?.HistogramBucketBoundaries?.ToArray() ?? [],
                _ => null,
            };
            _type = _bounds is not null ? "histogram" : isCounter ? "counter" : "gauge";
            Name = instrument.Name.Replace('.', '_') + (isCounter ? "_total" : "");
            _help = (instrument.Description ?? instrument.Name).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
            if (isCounter && ServerMetrics.Seeds.TryGetValue(instrument.Name, out var seed))
            {
                foreach (var value in seed.Values)
                {
                    _series[$"{seed.Label}=\"{value}\""] = new Series(null);
                }
            }
            else if (isCounter)
            {
                // A counter reads 0 before anything happened, not nothing.
                _series[""] = new Series(null);
            }
        }

        public string Name { get; }

        public bool IsGauge { get; }

        public void Clear() => _series.Clear();

        public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var labels = Labels(tags);
            var series = _series.GetOrAdd(labels, _ => new Series(_bounds));
            series.Add(value, IsGauge);
        }

        public void Write(StringBuilder text)
        {
            text.Append("# HELP ").Append(Name).Append(' ').Append(_help).Append('\n');
            text.Append("# TYPE ").Append(Name).Append(' ').Append(_type).Append('\n');
            foreach (var (labels, series) in _series.OrderBy(s => s.Key, StringComparer.Ordinal))
            {
                series.Write(text, Name, labels, _bounds);
            }
        }

        private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            if (tags.Length == 0)
            {
                return "";
            }

            var pairs = new List<string>(tags.Length);
            foreach (var tag in tags)
            {
                var value = Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? "";
                pairs.Add($"{tag.Key}=\"{value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)}\"");
            }

            pairs.Sort(StringComparer.Ordinal);
            return string.Join(',', pairs);
        }
    }

    /// <summary>One time series: a value, or a histogram's buckets, sum and count.</summary>
    private sealed class Series(double[]? bounds)
    {
        private readonly Lock _gate = new();
        private readonly long[] _buckets = new long[(bounds?.Length ?? 0) + 1];
        private double _value;
        private long _count;

        public void Add(double value, bool replace)
        {
            lock (_gate)
            {
                if (bounds is null)
                {
                    _value = replace ? value : _value + value;
                    return;
                }

                var index = Array.BinarySearch(bounds, value);
                _buckets[index >= 0 ? index : ~index]++;
                _value += value;
                _count++;
            }
        }

        public void Write(StringBuilder text, string name, string labels, double[]? bucketBounds)
        {
            lock (_gate)
            {
                if (bucketBounds is null)
                {
                    Sample(text, name, labels, _value);
                    return;
                }

                long cumulative = 0;
                for (var i = 0; i < bucketBounds.Length; i++)
                {
                    cumulative += _buckets[i];
                    Sample(text, name + "_bucket", Join(labels, $"le=\"{Number(bucketBounds[i])}\""), cumulative);
                }

                Sample(text, name + "_bucket", Join(labels, "le=\"+Inf\""), _count);
                Sample(text, name + "_sum", labels, _value);
                Sample(text, name + "_count", labels, _count);
            }
        }

        private static string Join(string labels, string more) => labels.Length == 0 ? more : labels + "," + more;

        private static void Sample(StringBuilder text, string name, string labels, double value)
        {
            text.Append(name);
            if (labels.Length > 0)
            {
                text.Append('{').Append(labels).Append('}');
            }

            text.Append(' ').Append(Number(value)).Append('\n');
        }

        private static string Number(double value) => double.IsPositiveInfinity(value) ? "+Inf" : value.ToString("R", CultureInfo.InvariantCulture);
    }
}
