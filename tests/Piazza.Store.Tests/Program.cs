namespace Piazza.Store.Tests;

/// <summary>Runs the tests, or (with <see cref="AppendingChild.Flag"/>) is the child process a kill test kills.</summary>
internal static class Program
{
    public static int Main(string[] args) => args is [AppendingChild.Flag, var path]
        ? AppendingChild.Run(path)
        : Xunit.Runner.InProc.SystemConsole.ConsoleRunner.Run(args).GetAwaiter().GetResult();
}
