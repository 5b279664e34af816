using System.Buffers;
using Piazza.Protocol;

namespace Piazza.Fuzz;

/// <summary>
/// What the fuzzer checks for every input: decoding never throws; decoding gives the same frames
/// and errors however the bytes are split into segments; every refusal carries a known code and
/// a sentence; every accepted frame survives a write-read round trip unchanged; the validation
/// rules accept or refuse the decoded strings without throwing. A broken check throws, which
/// afl-fuzz records as a crash.
/// </summary>
internal static class CodecTarget
{
    private const int MaxInput = 64 * 1024;

    private static readonly HashSet<string> KnownCodes =
    [
        ErrorCodes.BadFrame, ErrorCodes.UnknownType, ErrorCodes.FrameTooLarge,
    ];

    public static void Run(Stream input)
    {
        using var buffer = new MemoryStream();
        input.CopyTo(buffer);
        var data = buffer.ToArray();
        Check(data.Length > MaxInput ? data[..MaxInput] : data);
    }

    public static void Check(byte[] data)
    {
        // The client limit and a small one, so afl reaches the too-large path with short inputs.
        foreach (var limit in new[] { ProtocolLimits.MaxClientFrameBytes, 64 })
        {
            var whole = DecodeAll(new ReadOnlySequence<byte>(data), limit);
            var cuts = data.Length == 0 ? [] : new[] { data[0] % Math.Max(data.Length, 1), data.Length / 2, data.Length - 1 };
            var split = DecodeAll(SegmentedSequence.Create(data, cuts), limit);
            if (!whole.SequenceEqual(split))
            {
                throw new InvalidOperationException($"Decoding depends on segmentation: [{string.Join(" | ", whole)}] vs [{string.Join(" | ", split)}]");
            }
        }
    }

    public static int Replay(string[] paths, TextWriter output)
    {
        var files = paths.SelectMany(p => Directory.Exists(p)
            ? Directory.EnumerateFiles(p, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith("README.txt", StringComparison.Ordinal))
            : [p]).ToList();
        foreach (var file in files)
        {
            try
            {
                Check(File.ReadAllBytes(file));
            }
            catch (Exception ex)
            {
                output.WriteLine($"FAIL {file}: {ex}");
                return 1;
            }
        }

        output.WriteLine($"{files.Count} inputs replayed, all checks held.");
        return 0;
    }

    /// <summary>Every result until the decoder wants more data, each as a comparable string.</summary>
    private static List<string> DecodeAll(ReadOnlySequence<byte> buffer, int limit)
    {
        var results = new List<string>();
        while (true)
        {
            var before = buffer.Length;
            var result = FrameDecoder.Read(ref buffer, limit);
            switch (result.Status)
            {
                case FrameReadStatus.NeedMoreData:
                    return results;
                case FrameReadStatus.TooLarge:
                    CheckError(result.Error, ErrorCodes.FrameTooLarge);
                    results.Add("too large");
                    return results;
                case FrameReadStatus.Invalid:
                    CheckError(result.Error, null);
                    results.Add($"invalid {result.Error!.Code}: {result.Error.Message}");
                    break;
                case FrameReadStatus.Frame:
                    results.Add(RoundTrip(result.Frame!));
                    break;
            }

            if (buffer.Length >= before)
            {
                throw new InvalidOperationException("The decoder returned a result without consuming input.");
            }
        }
    }

    private static void CheckError(ProtocolError? error, string? expected)
    {
        if (error is null || string.IsNullOrWhiteSpace(error.Message) || !KnownCodes.Contains(error.Code)
            || (expected is not null && error.Code != expected))
        {
            throw new InvalidOperationException($"A refusal without a known code and a sentence: {error}");
        }
    }

    private static string RoundTrip(Frame frame)
    {
        var bytes = FrameWriter.ToBytes(frame);
        var again = new ReadOnlySequence<byte>(bytes);
        var reread = FrameDecoder.Read(ref again, ProtocolLimits.MaxServerFrameBytes);
        if (reread.Status != FrameReadStatus.Frame || !again.IsEmpty)
        {
            throw new InvalidOperationException($"A decoded frame does not read back after writing: {frame} -> {reread.Status} {reread.Error}");
        }

        var rewritten = FrameWriter.ToBytes(reread.Frame!);
        if (!bytes.AsSpan().SequenceEqual(rewritten))
        {
            throw new InvalidOperationException($"A frame changes in a write-read round trip: {frame} -> {reread.Frame}");
        }

        // The rules must answer, valid or not, for whatever text got through the codec.
        switch (frame)
        {
            case SayFrame say:
                _ = MessageTextRules.Validate(say.Text);
                _ = MessageTextRules.CountScalars(say.Text);
                break;
            case HelloFrame hello:
                _ = UsernameRules.Validate(hello.User);
                break;
        }

        return System.Text.Encoding.UTF8.GetString(bytes);
    }
}
