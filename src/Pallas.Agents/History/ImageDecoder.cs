using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.AI;
using Pallas.Agents.Messaging;

namespace Pallas.Agents.History;

/// <summary>Turns a base64 image into model content, refusing what is not an image or not base64.</summary>
internal static class ImageDecoder
{
    public static bool TryDecode(ImageInput image, [NotNullWhen(true)] out DataContent? content, out string reason)
    {
        content = null;
        if (!image.MimeType.StartsWith("image/", StringComparison.OrdinalIgnoreCase))
        {
            reason = $"mime_type \"{image.MimeType}\" is not an image type";
            return false;
        }

        var buffer = new byte[image.Data.Length * 3 / 4 + 3];
        if (!Convert.TryFromBase64String(image.Data, buffer, out var written) || written == 0)
        {
            reason = "image data is not valid base64";
            return false;
        }

        content = new DataContent(buffer.AsMemory(0, written), image.MimeType);
        reason = "";
        return true;
    }
}
