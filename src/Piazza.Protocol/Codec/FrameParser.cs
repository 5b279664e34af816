using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;

namespace Piazza.Protocol;

/// <summary>Turns one line (without its newline) into a frame. See protocol §1 for the rules.</summary>
internal static class FrameParser
{
    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        MaxDepth = ProtocolLimits.MaxJsonDepth,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
    };

    /// <summary>Parses a line; a blank line gives <see cref="FrameReadStatus.NeedMoreData"/> (nothing to report).</summary>
    public static FrameReadResult Parse(in ReadOnlySequence<byte> line)
    {
        if (line.IsSingleSegment)
        {
            return Parse(line.FirstSpan);
        }

        var length = checked((int)line.Length);
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            line.CopyTo(rented);
            return Parse(rented.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public static FrameReadResult Parse(ReadOnlySpan<byte> line)
    {
        if (!line.IsEmpty && line[^1] == (byte)'\r')
        {
            line = line[..^1];
        }

        if (IsBlank(line))
        {
            return FrameReadResult.NeedMoreData;
        }

        if (!Utf8.IsValid(line))
        {
            return FrameReadResult.Invalid(Errors.InvalidUtf8);
        }

        FrameFields fields;
        try
        {
            var reader = new Utf8JsonReader(line, ReaderOptions);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return FrameReadResult.Invalid(Errors.NotAnObject);
            }

            var error = FrameFields.ReadObject(ref reader, out fields);
            if (error is not null)
            {
                return FrameReadResult.Invalid(error);
            }

            // Anything after the object other than white space is not one JSON value.
            if (reader.Read())
            {
                return FrameReadResult.Invalid(Errors.TrailingData);
            }
        }
        catch (JsonException ex)
        {
            return FrameReadResult.Invalid(ProtocolError.Bad($"The frame is not valid JSON ({Describe(ex)})."));
        }
        catch (InvalidOperationException)
        {
            // Utf8JsonReader refuses escaped lone surrogates (\ud800) when a string is read.
            return FrameReadResult.Invalid(Errors.InvalidEscape);
        }

        return FrameBuilder.Build(in fields);
    }

    private static bool IsBlank(ReadOnlySpan<byte> line) =>
        line.IndexOfAnyExcept((byte)' ', (byte)'\t', (byte)'\r') < 0;

    private static string Describe(JsonException ex) =>
        ex.BytePositionInLine is { } pos ? $"at byte {pos + 1}" : "malformed";

    internal static class Errors
    {
        public static readonly ProtocolError InvalidUtf8 = ProtocolError.Bad("The frame is not valid UTF-8.");
        public static readonly ProtocolError NotAnObject = ProtocolError.Bad("A frame must be a JSON object.");
        public static readonly ProtocolError TrailingData = ProtocolError.Bad("A frame must be exactly one JSON object on one line.");
        public static readonly ProtocolError InvalidEscape = ProtocolError.Bad("The frame contains an escaped lone surrogate, which is not a Unicode character.");
        public static readonly ProtocolError MissingType = ProtocolError.Bad("A frame must have a string field 'type'.");
    }
}
