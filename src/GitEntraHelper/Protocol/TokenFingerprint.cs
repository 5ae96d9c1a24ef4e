using GitEntraHelper.Diagnostics;
using GitEntraHelper.Platform;

namespace GitEntraHelper.Protocol;

/// <summary>
/// Recognises a token again without storing it: a 128-bit FNV-1a digest, hex. Enough to tell "the
/// token git just rejected" from a fresh one; 16 bytes cannot give back a token of a thousand
/// characters, so it is useless for replaying it. Not SHA-256: this runs on every `get` of git ≥ 2.46
/// (state[]), and SHA-256 would load OpenSSL into a run that otherwise never needs it.
/// </summary>
public static class TokenFingerprint
{
    public static string Of(Secret token) => Fnv.Hex128(token.Reveal());
}
