using System.Buffers;
using Microsoft.AspNetCore.Http.Features;
using ObjectStore.Errors;
using ObjectStore.Telemetry;

namespace ObjectStore.Silo.Http;

/// <summary>
/// Reads request bodies with a size limit that holds before anything is buffered: a declared length over the limit
/// is refused at once, and a body without one (chunked) is refused as soon as it passes the limit. The bytes go on as
/// they are: whoever parses them (a Canon reader here, or a grain) checks that they are UTF-8 JSON.
/// </summary>
public static class RequestBodies
{
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

        request.HttpContext.RequestServices.GetRequiredService<ObjectStoreMetrics>().RequestRead(buffer.WrittenCount);
        return buffer.WrittenSpan.ToArray();
    }

    private static TooLargeException TooLarge(long limit) => new($"The body is larger than this endpoint's limit of {limit} bytes.");
}
