using System.Security.Cryptography;

namespace Pallas.Hosting.Tasks;

/// <summary>Task ids: 128 random bits from the OS's CSPRNG, base64url, so that nobody can guess another caller's task.</summary>
internal static class TaskIds
{
    private const int RandomBytes = 16;

    public static string New()
    {
        Span<byte> bytes = stackalloc byte[RandomBytes];
        RandomNumberGenerator.Fill(bytes);
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
