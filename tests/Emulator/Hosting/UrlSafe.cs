using System.Security.Cryptography;
using System.Text;

namespace Emulator.Hosting;

/// <summary>base64url helpers for client_info, opaque codes and key ids.</summary>
internal static class UrlSafe
{
    public static string Encode(ReadOnlySpan<byte> bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);

    public static string Encode(string text) => Encode(Encoding.UTF8.GetBytes(text));

    public static string RandomToken(int bytes) => Encode(RandomNumberGenerator.GetBytes(bytes));

    public static string Sha256(string text) => Encode(SHA256.HashData(Encoding.ASCII.GetBytes(text)));
}
