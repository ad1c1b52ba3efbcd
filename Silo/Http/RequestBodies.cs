using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using ObjectStore.Errors;

namespace ObjectStore.Silo.Http;

/// <summary>
/// Reads request bodies with a size limit that holds before anything is buffered: a declared length over the limit
/// is refused at once, and a body without one (chunked) is refused as soon as it passes the limit.
/// </summary>
public static class RequestBodies
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static async Task<string> ReadTextAsync(this HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        var bytes = await request.ReadBytesAsync(limit, cancellationToken);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new InvalidInputException("The body is not valid UTF-8.");
        }
    }

    public static async Task<byte[]> ReadBytesAsync(this HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            throw TooLarge(limit);
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } kestrelLimit)
        {
            kestrelLimit.MaxRequestBodySize = limit;
        }

        var buffer = new ArrayBufferWriter<byte>((int)Math.Min(request.ContentLength ?? 4096, limit) + 1);
        while (true)
        {
            var read = await request.Body.ReadAsync(buffer.GetMemory(4096), cancellationToken);
            if (read == 0)
            {
                break;
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > limit)
            {
                throw TooLarge(limit);
            }
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static TooLargeException TooLarge(long limit) => new($"The body is larger than this endpoint's limit of {limit} bytes.");
}
