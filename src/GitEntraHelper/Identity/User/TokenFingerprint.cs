using System.Security.Cryptography;
using System.Text;
using GitEntraHelper.Diagnostics;

namespace GitEntraHelper.Identity.User;

/// <summary>
/// Recognises a token again without storing it: the first 16 bytes of its SHA-256, hex. Enough to tell
/// "the token git just rejected" from a fresh one; useless for replaying it.
/// </summary>
internal static class TokenFingerprint
{
    public static string Of(Secret token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token.Reveal())).AsSpan(0, 16));
}
