using System.Text;
using GitEntraHelper.Diagnostics;

namespace GitEntraHelper.Protocol;

/// <summary>
/// Writes a response as <c>key=value</c> lines. It refuses — before writing anything — a key or value
/// that could break the framing (NUL, CR, LF; '=' in a key), so a hostile value can never smuggle an
/// extra attribute into git (CVE-2020-5260, CVE-2024-52006 class). Output goes out in one write.
/// </summary>
public static class CredentialWriter
{
    /// <summary>Writes git's answer, traced (secrets as ***) first.</summary>
    public static void Write(Stream output, CredentialResponse response, HelperTrace trace)
    {
        trace.Write("protocol", $"response {response}");
        Write(output, response);
    }

    public static void Write(Stream output, CredentialResponse response)
    {
        output.Write(Encode(response));
        output.Flush();
    }

    public static byte[] Encode(CredentialResponse response)
    {
        var text = new StringBuilder();
        foreach (var (key, plain, secret) in response.Attributes)
        {
            if (key.Length == 0 || key.AsSpan().IndexOfAny("=\0\r\n") >= 0)
            {
                throw new HelperException($"refusing to write malformed credential attribute name '{Redactor.Scrub(key)}'");
            }

            // Reveal(): the protocol writer is one of the few places that must send the secret itself.
            string value = secret is { } s ? s.Reveal() : plain ?? string.Empty;
            if (value.AsSpan().IndexOfAny("\0\r\n") >= 0)
            {
                throw new HelperException($"refusing to write credential attribute '{key}': its value contains a NUL, CR or LF");
            }

            text.Append(key).Append('=').Append(value).Append('\n');
        }

        return new UTF8Encoding(false).GetBytes(text.ToString());
    }
}
