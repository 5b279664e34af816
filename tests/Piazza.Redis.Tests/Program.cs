namespace Piazza.Redis.Tests;

/// <summary>Runs the tests, or (with <c>--node</c>) is a chat server node a test kills.</summary>
internal static class Program
{
    public static int Main(string[] args) =>
        Xunit.Runner.InProc.SystemConsole.ConsoleRunner.Run(args).GetAwaiter().GetResult();
}
