using System.Buffers;
using System.IO.Compression;
using System.Text.Json;

namespace GitEntraHelper.TokenCache;

/// <summary>
/// How MSAL's serialized cache is laid out in a kernel keyring key: a 5-byte header ("gce" 1 ·
/// compression) then the Brotli-compressed JSON. The per-user key quota is small (20,000 bytes for a
/// user who is not root, kernel.keys.maxbytes), so the cache is compressed, and when it still does not
/// fit the parts that cost nothing to lose go first (<see cref="Candidates"/>).
/// </summary>
internal static class KernelCachePayload
{
    /// <summary>The "user" key type's payload limit (user_preparse refuses more than 32767 bytes).</summary>
    public const int MaxPayload = 32767;

    private const byte Brotli = 1;
    private static ReadOnlySpan<byte> Magic => "gce1"u8;

    /// <summary>What was left out of a candidate, for the trace; null for the whole cache.</summary>
    public sealed record Candidate(byte[] Payload, string? LeftOut);

    /// <summary>
    /// The cache as it is, then without access tokens (MSAL refreshes them silently from the refresh
    /// token), then also without ID tokens (a refresh returns a new one): accounts, refresh tokens and
    /// app metadata — the sign-ins themselves — are what every candidate keeps.
    /// </summary>
    public static IEnumerable<Candidate> Candidates(byte[] json)
    {
        yield return new Candidate(Encode(json), null);
        if (!TryDrop(json, ["AccessToken"], out byte[] withoutAccessTokens, out int accessTokens) || accessTokens == 0)
        {
            yield break;
        }

        yield return new Candidate(Encode(withoutAccessTokens), $"{accessTokens} access token(s) (refreshed silently when needed)");
        Array.Clear(withoutAccessTokens);
        if (TryDrop(json, ["AccessToken", "IdToken"], out byte[] minimal, out int dropped) && dropped > accessTokens)
        {
            yield return new Candidate(Encode(minimal), $"{accessTokens} access token(s) and {dropped - accessTokens} ID token(s) (renewed with the next refresh)");
            Array.Clear(minimal);
        }
    }

    public static byte[] Encode(ReadOnlySpan<byte> json)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(BrotliEncoder.GetMaxCompressedLength(json.Length) + Magic.Length + 1);
        try
        {
            // Quality 9, window 22: within a few percent of the best ratio for tokens in JSON, in about a millisecond.
            if (!BrotliEncoder.TryCompress(json, buffer.AsSpan(Magic.Length + 1), out int written, quality: 9, window: 22))
            {
                throw new InvalidOperationException("Brotli could not compress the token cache");
            }

            Magic.CopyTo(buffer);
            buffer[Magic.Length] = Brotli;
            return buffer.AsSpan(0, Magic.Length + 1 + written).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        }
    }

    /// <summary>The JSON back; a payload that is not ours, or does not decompress, is corrupt.</summary>
    public static byte[] Decode(byte[] payload)
    {
        if (payload.Length < Magic.Length + 1 || !payload.AsSpan(0, Magic.Length).SequenceEqual(Magic) || payload[Magic.Length] != Brotli)
        {
            throw new CacheCorruptException("the kernel keyring entry is not a token cache written by git-credential-entra", payload);
        }

        var compressed = payload.AsSpan(Magic.Length + 1);
        for (int size = Math.Max(4096, compressed.Length * 8); size <= 64 * MaxPayload; size *= 2)
        {
            byte[] buffer = new byte[size];
            var decoder = new BrotliDecoder();
            OperationStatus status = decoder.Decompress(compressed, buffer, out int consumed, out int written);
            decoder.Dispose();
            if (status == OperationStatus.Done && consumed == compressed.Length)
            {
                byte[] json = buffer.AsSpan(0, written).ToArray();
                Array.Clear(buffer);
                return json;
            }

            Array.Clear(buffer);
            if (status != OperationStatus.DestinationTooSmall)
            {
                break;
            }
        }

        throw new CacheCorruptException("the kernel keyring entry does not decompress", payload);
    }

    /// <summary>MSAL's cache JSON without the named top-level sections; false when it is not a JSON object.</summary>
    private static bool TryDrop(byte[] json, string[] sections, out byte[] result, out int droppedEntries)
    {
        result = [];
        droppedEntries = 0;
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            var output = new ArrayBufferWriter<byte>(json.Length);
            using (var writer = new Utf8JsonWriter(output))
            {
                writer.WriteStartObject();
                foreach (JsonProperty section in document.RootElement.EnumerateObject())
                {
                    if (Array.IndexOf(sections, section.Name) >= 0)
                    {
                        droppedEntries += section.Value.ValueKind == JsonValueKind.Object ? section.Value.EnumerateObject().Count() : 0;
                        continue;
                    }

                    section.WriteTo(writer);
                }

                writer.WriteEndObject();
            }

            result = output.WrittenSpan.ToArray();
            output.Clear(); // zeroes the buffer: it held refresh tokens
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
