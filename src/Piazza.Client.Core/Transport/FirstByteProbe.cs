namespace Piazza.Client.Core;

/// <summary>
/// A stream that passes everything through and notes the first byte the server sent, and whether
/// it closed before sending any: enough to tell, when a TLS handshake fails, a server that speaks
/// plain text on that port (a Piazza frame starts with <c>{</c>; TLS records with 0x15 or 0x16)
/// from one that refused the handshake.
/// </summary>
internal sealed class FirstByteProbe(Stream inner) : Stream
{
    private int _first = -1;

    /// <summary>The first byte received, or null before any.</summary>
    public int? FirstByte => _first < 0 ? null : _first;

    /// <summary>True when the server closed the connection before sending a byte.</summary>
    public bool ClosedBeforeAnyByte { get; private set; }

    /// <summary>True when the first byte cannot begin a TLS record (handshake, alert).</summary>
    public bool SawPlainText => _first >= 0 && _first is not (0x16 or 0x15);

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        Note(buffer.Span, read);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        Note(buffer, read);
        return read;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.WriteAsync(buffer, offset, count, cancellationToken);

    public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override void Flush() => inner.Flush();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync();
        await base.DisposeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Note(ReadOnlySpan<byte> buffer, int read)
    {
        if (_first >= 0)
        {
            return;
        }

        if (read > 0)
        {
            _first = buffer[0];
        }
        else if (buffer.Length > 0)
        {
            ClosedBeforeAnyByte = true;
        }
    }
}
