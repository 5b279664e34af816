using System.Globalization;

namespace Piazza.Resilience.Tests.Support;

/// <summary>
/// What a resilience test measured, printed to the test log (ITestOutputHelper) and appended to
/// TestResults/resilience-figures.txt so a run leaves one list of every figure.
/// </summary>
internal static class Figures
{
    private static readonly Lock FileLock = new();

    public static void Report(ITestOutputHelper output, string test, string figure)
    {
        var line = $"FIGURE {test}: {figure}";
        output.WriteLine(line);
        lock (FileLock)
        {
            File.AppendAllText(Path.Combine(RepositoryPaths.TestResults, "resilience-figures.txt"), line + Environment.NewLine);
        }
    }

    public static string Ms(TimeSpan value) => value.TotalMilliseconds.ToString("0.000", CultureInfo.InvariantCulture) + " ms";

    public static string Ms(double milliseconds) => milliseconds.ToString("0.000", CultureInfo.InvariantCulture) + " ms";

    public static double Median(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    public static string Mib(long bytes) => (bytes / 1048576.0).ToString("0.00", CultureInfo.InvariantCulture) + " MiB";
}
