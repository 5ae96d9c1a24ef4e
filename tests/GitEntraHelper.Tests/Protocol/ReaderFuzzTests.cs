using System.Diagnostics;
using System.Text;
using GitEntraHelper.Diagnostics;
using GitEntraHelper.Protocol;

namespace GitEntraHelper.Tests.Protocol;

/// <summary>
/// 120,000 generated inputs (fixed seed, so a failure reproduces): the reader either returns a request
/// or throws <see cref="HelperException"/> — never anything else — and whatever it accepted writes back
/// as well-formed lines that read back to the same request.
/// </summary>
public sealed class ReaderFuzzTests
{
    private const int Inputs = 120_000;

    private static readonly string[] Keys =
    [
        "protocol", "host", "path", "username", "password", "url", "wwwauth[]", "capability[]", "authtype", "credential",
        "ephemeral", "state[]", "continue", "password_expiry_utc", "oauth_refresh_token", "quit", "unknown", "Host", "", "a=b",
    ];

    private static readonly string[] Values =
    [
        "", "https", "dev.azure.com", "contoso/demo/_git/demo", "1", "true", "maybe", "1700000000", "-1", "99999999999999999999",
        "https://u:p@dev.azure.com/o/p", "https://%0a@x", "no-scheme", "Bearer authorization_uri=https://login.microsoftonline.com/t",
        "=", "==", "ü", "\u2028", " spaced ",
    ];

    private static readonly byte[][] Poison = ["\0"u8.ToArray(), "\r"u8.ToArray(), "\n"u8.ToArray(), [0xC3], [0xFF, 0xFE], "="u8.ToArray()];

    [Fact]
    public void Reader_never_crashes_and_accepted_input_writes_well_formed_lines()
    {
        var random = new Random(20240607);
        int accepted = 0, rejected = 0;
        var clock = Stopwatch.StartNew();

        for (int n = 0; n < Inputs; n++)
        {
            byte[] input = Generate(random, n);
            CredentialRequest request;
            try
            {
                request = CredentialReader.Read(new MemoryStream(input));
            }
            catch (HelperException e)
            {
                Assert.DoesNotContain('\n', e.Message);
                rejected++;
                continue;
            }
            catch (Exception e)
            {
                Assert.Fail($"input #{n} ({Convert.ToBase64String(input)}) threw {e.GetType().Name}: {e.Message}");
                return;
            }

            accepted++;
            byte[] written = CredentialWriter.Encode(RequestEcho.ToResponse(request));
            AssertWellFormed(written, n);
            CredentialRequest again = CredentialReader.Read(new MemoryStream(written));
            Assert.Equal(RequestEcho.Describe(request), RequestEcho.Describe(again));
        }

        // Both paths must really be exercised, and the whole run must stay fast (no quadratic blow-up).
        Assert.True(accepted > Inputs / 10, $"only {accepted} accepted");
        Assert.True(rejected > Inputs / 10, $"only {rejected} rejected");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}");
    }

    private static byte[] Generate(Random random, int n)
    {
        var bytes = new List<byte>();
        int lines = random.Next(0, 12);
        for (int i = 0; i < lines; i++)
        {
            switch (random.Next(10))
            {
                case 0: // random bytes
                    for (int k = random.Next(1, 40); k > 0; k--)
                    {
                        bytes.Add((byte)random.Next(256));
                    }

                    break;
                case 1: // a poisoned attribute
                    Append(bytes, Keys[random.Next(Keys.Length)] + "=" + Values[random.Next(Values.Length)]);
                    bytes.InsertRange(random.Next(bytes.Count + 1), Poison[random.Next(Poison.Length)]);
                    break;
                default: // a plausible attribute
                    Append(bytes, Keys[random.Next(Keys.Length - 2)] + "=" + Values[random.Next(Values.Length)]);
                    break;
            }

            bytes.Add((byte)'\n');
        }

        if (n % 5000 == 0)
        {
            Append(bytes, "wwwauth[]=" + new string('x', random.Next(60_000, 70_000)) + "\n"); // around the line limit
        }

        if (random.Next(4) == 0)
        {
            bytes.Add((byte)'\n'); // blank line, maybe followed by garbage that must be ignored
            Append(bytes, "garbage without equals");
        }

        return bytes.ToArray();
    }

    private static void Append(List<byte> bytes, string text) => bytes.AddRange(Encoding.UTF8.GetBytes(text));

    private static void AssertWellFormed(byte[] written, int n)
    {
        Assert.DoesNotContain((byte)0, written);
        Assert.DoesNotContain((byte)'\r', written);
        if (written.Length == 0)
        {
            return;
        }

        Assert.Equal((byte)'\n', written[^1]);
        foreach (string line in Encoding.UTF8.GetString(written).TrimEnd('\n').Split('\n'))
        {
            int equals = line.IndexOf('=', StringComparison.Ordinal);
            Assert.True(equals > 0, $"input #{n} wrote a line without key: '{line}'");
        }
    }
}
