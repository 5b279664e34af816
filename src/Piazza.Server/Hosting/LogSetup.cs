using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Piazza.Server.Hosting;

/// <summary>The least important level logged, which a reload may change while the server runs.</summary>
internal sealed class LogLevelSwitch(LogLevel level)
{
    private volatile int _level = (int)level;

    public LogLevel Level
    {
        get => (LogLevel)_level;
        set => _level = (int)value;
    }

    public bool IsEnabled(LogLevel level) => level != LogLevel.None && (int)level >= _level;
}

/// <summary>The console logger: readable lines (<c>--log-format text</c>) or JSON lines (<c>json</c>) with the event ids of <see cref="Log"/>.</summary>
internal static class LogSetup
{
    public static ILoggerFactory Create(string format, LogLevelSwitch level) => LoggerFactory.Create(logging =>
    {
        logging.SetMinimumLevel(LogLevel.Trace).AddFilter((_, _, l) => level.IsEnabled(l));
        if (format == "json")
        {
            logging.AddJsonConsole(console =>
            {
                console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                console.UseUtcTimestamp = true;
                console.JsonWriterOptions = new JsonWriterOptions { Indented = false };
            });
        }
        else
        {
            logging.AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.TimestampFormat = "HH:mm:ss.fff ";
                console.UseUtcTimestamp = true;
            });
        }
    });
}
