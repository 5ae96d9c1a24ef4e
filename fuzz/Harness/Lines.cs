using System.Text;

namespace GitEntraHelper.Fuzz.Harness;

/// <summary>How the header targets cut one input into the values git or HTTP would hand the parser.</summary>
internal static class Lines
{
    /// <summary>
    /// The input as LF-separated values, or null when one is longer than a `wwwauth[]` line git could
    /// send (the reader's 64 KiB limit): the parsers are only ever given values that passed the reader.
    /// </summary>
    public static List<string>? Values(byte[] input)
    {
        var values = new List<string>();
        foreach (string value in Encoding.UTF8.GetString(input).Split('\n'))
        {
            if (Encoding.UTF8.GetByteCount(value) > Protocol.CredentialReader.MaxLineBytes)
            {
                return null;
            }

            values.Add(value);
        }

        return values;
    }
}
