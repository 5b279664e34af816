using System.CommandLine;
using Piazza.Server;
using Piazza.Server.Configuration;

namespace Piazza.Operations.Tests;

/// <summary>Composes the server's settings in this process, as Program does, from a command line, variables and a file's text.</summary>
internal static class Configs
{
    // One command for the whole assembly: the option objects are shared, and building commands
    // (which links each option to its parent) from parallel tests is not something to rely on.
    private static readonly Lock Gate = new();
    private static readonly RootCommand Root = ServerCommand.Create();

    public static ComposedArguments Compose(string[]? args = null, IReadOnlyDictionary<string, string>? environment = null, string? file = null)
    {
        args ??= [];
        using var directory = file is null ? null : new TempFile(file);
        lock (Gate)
        {
            var parse = Root.Parse(args);
            Assert.Empty(parse.Errors);
            string? Variable(string name) => environment?.GetValueOrDefault(name);
            return ConfigLayers.Compose(Root, args, parse, Variable, directory?.Path ?? ConfigLayers.ConfigPath(parse, Variable));
        }
    }

    /// <summary>The options a good composition gives.</summary>
    public static ServerOptions Options(ComposedArguments composed)
    {
        Assert.True(composed.Errors.Count == 0, string.Join("\n", composed.Errors));
        lock (Gate)
        {
            var parse = Root.Parse(composed.Arguments);
            Assert.Empty(parse.Errors);
            return OperationsOptions.Bind(parse, ServerCommand.Bind(parse));
        }
    }

    /// <summary>The one error sentence of a bad composition.</summary>
    public static string Error(ComposedArguments composed) => Assert.Single(composed.Errors);

    public static IReadOnlyList<Option> Settable()
    {
        lock (Gate)
        {
            return [.. ConfigLayers.Settable(Root)];
        }
    }

    public static object? Default(Option option)
    {
        lock (Gate)
        {
            return Root.Parse([]).GetResult(option)?.GetValueOrDefault<object?>();
        }
    }

    public static object? ValueOf(Option option, IReadOnlyList<string> tokens)
    {
        lock (Gate)
        {
            var parse = Root.Parse(tokens);
            Assert.Empty(parse.Errors);
            return parse.GetResult(option)?.GetValueOrDefault<object?>();
        }
    }
}

/// <summary>A file with the given text in a fresh temporary directory, removed on dispose.</summary>
internal sealed class TempFile : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("piazza-config-").FullName;

    public TempFile(string text, string name = "piazza.jsonc")
    {
        Path = System.IO.Path.Combine(_directory, name);
        File.WriteAllText(Path, text);
    }

    public string Path { get; }

    public void Write(string text) => File.WriteAllText(Path, text);

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
