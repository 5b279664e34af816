using System.Text.Json;
using System.Text.RegularExpressions;
using Piazza.Protocol.Tests.Support;
using Piazza.Testing;

namespace Piazza.Protocol.Tests;

/// <summary>
/// Reads the frame examples out of docs/protocol.md itself, so the contract and the codec cannot
/// drift apart unnoticed: every concrete example decodes and is written back byte for byte.
/// </summary>
public sealed partial class DocExamplesTests
{
    /// <summary>Examples holding placeholders (<c>...</c>).</summary>
    private static readonly string[] Placeholders =
    [
        """{"type":"left","id":44,"ts":"...","user":"alice","reason":"quit"}""",
    ];

    [Fact]
    public void Every_concrete_example_round_trips_byte_for_byte()
    {
        var examples = DocExamples();
        var concrete = examples.Except(Placeholders, StringComparer.Ordinal).ToList();

        foreach (var example in concrete)
        {
            var frame = Wire.Decode(example);
            Assert.Equal(example + "\n", Wire.Write(frame));
        }

        // The examples cover every frame type concretely.
        var types = concrete.Select(e => Wire.Decode(e).Type).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(
            ["ack", "ban", "bye", "deop", "error", "hello", "history", "join", "joined", "kick", "left", "message", "mod", "mute",
             "op", "part", "password", "ping", "pong", "room", "rooms", "say", "shutdown", "topic", "unban", "unmute", "users",
             "welcome", "who"],
            types);
    }

    [Fact]
    public void The_placeholder_examples_are_still_in_the_doc_and_are_not_frames()
    {
        var examples = DocExamples();

        foreach (var placeholder in Placeholders)
        {
            Assert.Contains(placeholder, examples);
            Assert.NotEqual(FrameReadStatus.Frame, Wire.ReadLine(placeholder).Status);
        }
    }

    [Fact]
    public void The_project_copy_of_the_contract_has_the_examples()
    {
        // Guards the extraction itself: a regex that matched nothing would make the test above vacuous.
        Assert.True(DocExamples().Count >= 19, $"Only {DocExamples().Count} examples found in docs/protocol.md.");
    }

    private static List<string> DocExamples()
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, "docs", "protocol.md"));
        var examples = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            var trimmed = lines[i].Trim();
            if (trimmed.StartsWith("{\"type\"", StringComparison.Ordinal))
            {
                // An example wrapped over two lines in the doc (welcome) continues on the next one.
                var example = trimmed;
                while (!IsComplete(example) && i + 1 < lines.Length)
                {
                    example += lines[++i].Trim();
                }

                examples.Add(example);
                continue;
            }

            examples.AddRange(InlineExample().Matches(lines[i]).Select(m => m.Groups[1].Value));
        }

        return examples;
    }

    private static bool IsComplete(string json)
    {
        try
        {
            using var _ = JsonDocument.Parse(json);
            return true;
        }
        catch (JsonException)
        {
            return json.EndsWith('}') && json.Count(c => c == '{') == json.Count(c => c == '}');
        }
    }

    [GeneratedRegex("`(\\{\"type\".*?\\})`")]
    private static partial Regex InlineExample();
}
