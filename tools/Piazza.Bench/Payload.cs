using System.Buffers.Text;
using System.Text;

namespace Piazza.Bench;

/// <summary>
/// The bench's message text: a run marker, the sender's index, its sequence number and the send
/// time (a <see cref="System.Diagnostics.Stopwatch"/> timestamp), at fixed offsets, padded with
/// <c>x</c> to the asked length. Fixed offsets let a receiver read the fields without parsing
/// JSON; the run marker keeps messages of other runs (replayed history) out of the figures.
/// </summary>
/// <example><c>pA3F9 00003 0000000017 0000012345678901234 xxxxxxxx…</c></example>
internal sealed class Payload
{
    private const int SenderDigits = 5;
    private const int SeqDigits = 10;
    private const int TicksDigits = 19;

    /// <summary>Bytes before the padding: marker (6 with its space), sender, seq, ticks and spaces.</summary>
    public const int MinimumLength = MarkerLength + SenderDigits + 1 + SeqDigits + 1 + TicksDigits;

    private const int MarkerLength = 6;
    private const int SenderOffset = MarkerLength;
    private const int SeqOffset = SenderOffset + SenderDigits + 1;
    private const int TicksOffset = SeqOffset + SeqDigits + 1;

    private static readonly byte[] SayPrefix = "{\"type\":\"say\",\"text\":\""u8.ToArray();
    private static readonly byte[] SaySuffix = "\"}\n"u8.ToArray();

    public Payload(ushort runId, int length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, MinimumLength);
        Length = length;
        Marker = Encoding.ASCII.GetBytes($"p{runId:X4} ");
    }

    /// <summary>Text length in bytes (ASCII: also in characters).</summary>
    public int Length { get; }

    /// <summary>The first bytes of every text of this run.</summary>
    public byte[] Marker { get; }

    /// <summary>A say frame for <paramref name="sender"/>, to be stamped with <see cref="Stamp"/> before each send.</summary>
    public byte[] NewSayFrame(int sender)
    {
        var frame = new byte[SayPrefix.Length + Length + SaySuffix.Length];
        SayPrefix.CopyTo(frame, 0);
        var text = frame.AsSpan(SayPrefix.Length, Length);
        text.Fill((byte)'x');
        Marker.CopyTo(text);
        WriteDigits(text.Slice(SenderOffset, SenderDigits), sender);
        text[SenderOffset + SenderDigits] = (byte)' ';
        text[SeqOffset + SeqDigits] = (byte)' ';
        if (text.Length > TicksOffset + TicksDigits)
        {
            text[TicksOffset + TicksDigits] = (byte)' ';
        }

        SaySuffix.CopyTo(frame, SayPrefix.Length + Length);
        return frame;
    }

    /// <summary>Writes the sequence number and send time into a frame made by <see cref="NewSayFrame"/>.</summary>
    public static void Stamp(byte[] frame, long seq, long timestamp)
    {
        var text = frame.AsSpan(SayPrefix.Length);
        WriteDigits(text.Slice(SeqOffset, SeqDigits), seq);
        WriteDigits(text.Slice(TicksOffset, TicksDigits), timestamp);
    }

    /// <summary>Reads a text written by this run; false for anyone else's text.</summary>
    public bool TryRead(ReadOnlySpan<byte> text, out int sender, out long seq, out long timestamp)
    {
        sender = 0;
        seq = timestamp = 0;
        if (text.Length < MinimumLength || !text.StartsWith(Marker))
        {
            return false;
        }

        if (!Utf8Parser.TryParse(text.Slice(SenderOffset, SenderDigits), out sender, out var a) || a != SenderDigits
            || !Utf8Parser.TryParse(text.Slice(SeqOffset, SeqDigits), out seq, out var b) || b != SeqDigits
            || !Utf8Parser.TryParse(text.Slice(TicksOffset, TicksDigits), out timestamp, out var c) || c != TicksDigits)
        {
            return false;
        }

        return true;
    }

    private static void WriteDigits(Span<byte> destination, long value)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }
}
