using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;

namespace Piazza.Client.Hosting;

/// <summary>The executable: options, start, print the URL, open the window, run until it closes.</summary>
public static class ClientProgram
{
    public static Option<bool> NoBrowserOption { get; } = new("--no-browser")
    {
        Description = "Do not open a window; only print the URL (for headless machines and tests). "
            + "The app then runs until Ctrl+C or its Close button.",
    };

    public static Option<string[]> UrlsOption { get; } = CreateUrlsOption();

    public static RootCommand CreateCommand()
    {
        var root = new RootCommand("Piazza chat client: a local app on 127.0.0.1 that opens in its own window.")
        {
            NoBrowserOption,
            UrlsOption,
        };
        root.SetAction((result, ct) => RunAsync(ToOptions(result), ct));
        return root;
    }

    public static ClientOptions ToOptions(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var urls = result.GetValue(UrlsOption);
        return new ClientOptions
        {
            NoBrowser = result.GetValue(NoBrowserOption),
            Urls = urls is { Length: > 0 } ? urls : [ClientOptions.DefaultUrl],
        };
    }

    /// <summary>The exit code for a bad option, as the server's.</summary>
    public const int BadUsage = 2;

    public static async Task<int> MainAsync(string[] args)
    {
        var parse = CreateCommand().Parse(args);
        if (Problem(parse) is { } problem)
        {
            // One sentence naming the option, not the whole help.
            await Console.Error.WriteLineAsync("piazza-client: " + problem);
            return BadUsage;
        }

        // Ctrl+C is the host's to handle (it says bye on every session first), not the parser's.
        var configuration = new InvocationConfiguration { ProcessTerminationTimeout = null };
        return await parse.InvokeAsync(configuration);
    }

    /// <summary>What is wrong with the command line, as one sentence naming the option; null when nothing is.</summary>
    public static string? Problem(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        if (parse.Errors.Count == 0)
        {
            return null;
        }

        if (parse.UnmatchedTokens is [var token, ..])
        {
            var known = CreateCommand().Options.SelectMany(o => o.Aliases.Prepend(o.Name)).Where(n => n.StartsWith("--", StringComparison.Ordinal));
            var near = known.FirstOrDefault(n => token.Length > 2 && n.Contains(token.TrimStart('-'), StringComparison.OrdinalIgnoreCase));
            var hint = near is null ? "" : $" (did you mean {near}?)";
            return token.StartsWith('-')
                ? $"unknown option '{token}'{hint}; --help lists the options."
                : $"unexpected argument '{token}'; the client takes only options, and --help lists them.";
        }

        var error = parse.Errors[0];
        if (error.SymbolResult is System.CommandLine.Parsing.OptionResult { Option: var option }
            && error.Message.StartsWith("Required argument missing", StringComparison.Ordinal))
        {
            return $"{option.Name} needs a value; --help lists the options.";
        }

        return error.Message;
    }

    private static async Task<int> RunAsync(ClientOptions options, CancellationToken cancellationToken)
    {
        await using var host = await ClientHost.StartAsync(options, cancellationToken: cancellationToken);
        var url = host.LaunchUrl;
        await Console.Out.WriteLineAsync($"Piazza is running at {url.AbsoluteUri}");
        await Console.Out.WriteLineAsync(options.NoBrowser
            ? "Open that address in a browser. Press Ctrl+C to quit."
            : "If no window opens, open that address in a browser. Press Ctrl+C to quit.");

        AppWindow? window = null;
        var lifetime = host.Services.GetRequiredService<WindowLifetime>();
        if (!options.NoBrowser)
        {
            window = host.Services.GetRequiredService<BrowserLauncher>().Open(url);
            if (window is null)
            {
                lifetime.ExitWhenPagesClose();
            }
            else
            {
                lifetime.Watch(window);
            }
        }

        try
        {
            await host.WaitForShutdownAsync(cancellationToken);
        }
        finally
        {
            // Stopped from the terminal or by Close: the window goes with the app.
            window?.Close();
            window?.Dispose();
        }

        return 0;
    }

    private static Option<string[]> CreateUrlsOption()
    {
        var option = new Option<string[]>("--urls")
        {
            Description = "Where the local UI listens; loopback only, separate several with ';'. Default: "
                + ClientOptions.DefaultUrl + " (a free port).",
            CustomParser = result => result.Tokens
                .SelectMany(t => t.Value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .ToArray(),
        };
        option.Validators.Add(result =>
        {
            foreach (var url in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (UrlRules.Validate(url) is { } error)
                {
                    result.AddError(error);
                }
            }
        });
        return option;
    }
}
