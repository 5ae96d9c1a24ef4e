using System.Globalization;
using System.Text;

namespace GitEntraHelper.Platform;

/// <summary>
/// FNV-1a hashes for cache keys and file names. Not SHA-256 on purpose: these run on every `get`, and a
/// process's first SHA-256 loads and initialises OpenSSL, a third of a cached get's instructions
/// (bench/REPORT.md). None of them is a security boundary: a collision only makes two keys share a
/// lock file, or misses (the memory cache compares the request's scope exactly on every hit).
/// </summary>
public static class Fnv
{
    private const ulong Prime = 1099511628211UL;
    private const ulong Offset = 14695981039346656037UL;

    /// <summary>Second lane of the 128-bit form: another start value, so the two halves differ.</summary>
    private const ulong SecondOffset = Offset ^ 0x9E3779B97F4A7C15UL;

    public static string Hex64(string text) => Hash(Encoding.UTF8.GetBytes(text), Offset).ToString("x16", CultureInfo.InvariantCulture);

    public static string Hex128(string text) => Hex128(Encoding.UTF8.GetBytes(text));

    public static string Hex128(ReadOnlySpan<byte> bytes)
    {
        ulong high = Hash(bytes, Offset), low = Hash(bytes, SecondOffset) ^ (ulong)bytes.Length;
        return high.ToString("x16", CultureInfo.InvariantCulture) + low.ToString("x16", CultureInfo.InvariantCulture);
    }

    private static ulong Hash(ReadOnlySpan<byte> bytes, ulong hash)
    {
        foreach (byte b in bytes)
        {
            hash = (hash ^ b) * Prime;
        }

        return hash;
    }
}
