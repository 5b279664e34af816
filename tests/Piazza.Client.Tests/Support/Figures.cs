using System.Globalization;

namespace Piazza.Client.Tests.Support;

/// <summary>
/// What a GUI test measured, printed to the test log (lines starting FIGURE) and appended to
/// TestResults/gui-figures.txt, so a run leaves one list of every figure.
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
            File.AppendAllText(Path.Combine(RepositoryPaths.TestResults, "gui-figures.txt"), line + Environment.NewLine);
        }
    }

    public static string Mib(double bytes) => (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MiB";

    public static string Ms(double milliseconds) => milliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";

    public static double Median(IReadOnlyCollection<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
