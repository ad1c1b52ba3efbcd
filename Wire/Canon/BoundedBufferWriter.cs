using System.Buffers;
using ObjectStore.Errors;

namespace ObjectStore.Objects;

/// <summary>
/// A buffer that refuses to grow past a limit: canonical output is counted as it is written, and writing stops with a
/// <see cref="TooLargeException"/> at the first byte over the limit instead of after the whole form is built.
/// </summary>
/// <param name="expectedBytes">What the output is likely to need, at most the limit: allocated at once rather than grown by doubling.</param>
internal sealed class BoundedBufferWriter(int maxBytes, int expectedBytes) : IBufferWriter<byte>
{
    private readonly ArrayBufferWriter<byte> _buffer = new(Math.Max(1, expectedBytes));

    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;

    public void Advance(int count)
    {
        if ((long)_buffer.WrittenCount + count > maxBytes)
        {
            throw new TooLargeException($"The object's canonical form passes the maximum of {maxBytes} bytes: writing stopped at byte {maxBytes}.");
        }

        _buffer.Advance(count);
    }

    public Memory<byte> GetMemory(int sizeHint = 0) => _buffer.GetMemory(sizeHint);

    public Span<byte> GetSpan(int sizeHint = 0) => _buffer.GetSpan(sizeHint);
}
