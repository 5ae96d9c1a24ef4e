using System.Text;
using GitEntraHelper.Diagnostics;
using GitEntraHelper.Protocol;

namespace GitEntraHelper.Tests.Protocol;

public sealed class CredentialReaderTests
{
    [Fact]
    public void Reads_every_attribute()
    {
        CredentialRequest r = CredentialReader.Read("""
            capability[]=authtype
            capability[]=state
            protocol=https
            host=dev.azure.com
            path=contoso/demo/_git/demo
            username=alice
            password=pw
            wwwauth[]=Bearer authorization_uri=https://login.microsoftonline.com/00000000-0000-0000-0000-000000000001
            wwwauth[]=Basic realm="x"
            authtype=Bearer
            credential=tok
            ephemeral=1
            state[]=entra:a
            continue=true
            password_expiry_utc=1700000000
            oauth_refresh_token=rt
            quit=0
            unknown=ignored

            """);

        Assert.Equal(["authtype", "state"], r.Capabilities);
        Assert.Equal("https", r.Protocol);
        Assert.Equal("dev.azure.com", r.Host);
        Assert.Equal("contoso/demo/_git/demo", r.Path);
        Assert.Equal("alice", r.Username);
        Assert.Equal("pw", r.Password!.Value.Reveal());
        Assert.Equal(2, r.WwwAuth.Count);
        Assert.Equal("Basic realm=\"x\"", r.WwwAuth[1]);
        Assert.Equal("Bearer", r.AuthType);
        Assert.Equal("tok", r.Credential!.Value.Reveal());
        Assert.True(r.Ephemeral);
        Assert.Equal(["entra:a"], r.State);
        Assert.True(r.Continue);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1700000000), r.PasswordExpiryUtc);
        Assert.Equal("rt", r.OAuthRefreshToken!.Value.Reveal());
        Assert.False(r.Quit);
        Assert.True(r.HasCapability("authtype"));
        Assert.False(r.HasCapability("AUTHTYPE"));
    }

    [Fact]
    public void Url_expands_into_its_parts_as_git_does()
    {
        CredentialRequest r = CredentialReader.Read("url=https://us%40er:p%3Ass@Dev.Azure.com:443/contoso/my%20proj/_git/repo/\n");

        Assert.Equal("https", r.Protocol);
        Assert.Equal("Dev.Azure.com:443", r.Host);
        Assert.Equal("contoso/my proj/_git/repo", r.Path);
        Assert.Equal("us@er", r.Username);
        Assert.Equal("p:ss", r.Password!.Value.Reveal());
    }

    [Fact]
    public void Url_without_path_or_user_leaves_them_unset()
    {
        CredentialRequest r = CredentialReader.Read("url=https://example.com\n");

        Assert.Equal("example.com", r.Host);
        Assert.Null(r.Path);
        Assert.Null(r.Username);
        Assert.Null(r.Password);
    }

    [Fact]
    public void Empty_multi_valued_attribute_clears_the_list()
    {
        CredentialRequest r = CredentialReader.Read("wwwauth[]=a\nwwwauth[]=b\nwwwauth[]=\nwwwauth[]=c\n");

        Assert.Equal(["c"], r.WwwAuth);
    }

    [Fact]
    public void Stops_at_the_blank_line_without_reading_further()
    {
        var stream = new NeverEndingAfter("protocol=https\nhost=example.com\n\n");

        CredentialRequest r = CredentialReader.Read(stream);

        Assert.Equal("example.com", r.Host);
    }

    [Fact]
    public void Accepts_eof_without_final_newline_and_empty_input()
    {
        Assert.Equal("example.com", CredentialReader.Read("protocol=https\nhost=example.com").Host);
        Assert.Null(CredentialReader.Read("").Host);
    }

    public static TheoryData<string, string> Malformed() => new()
    {
        { "protocol=https\nhostexample.com\n", "no '='" },
        { "=value\n", "empty key" },
        { "host=exa\0mple.com\n", "NUL" },
        { "host=example.com\r\n", "carriage return" },
        { "host=exa\rmple.com\n", "carriage return" },
        { "host=example.com\nbare-continuation\n", "no '='" },
        { "host=a\nhost=b\n", "repeats 'host'" },
        { "password=a\npassword=b\n", "repeats 'password'" },
        { "url=https://a.example/x\nhost=b.example\n", "repeats 'host'" },
        { "url=https://a.example\nurl=https://b.example\n", "repeats 'url'" },
        { "url=example.com/no/scheme\n", "no scheme" },
        { "url=https://example.com/a%0Ab\n", "encoded NUL, CR or LF" },
        { "url=https://us%0Der@example.com\n", "encoded NUL, CR or LF" },
        { "ephemeral=perhaps\n", "not a boolean" },
        { "password_expiry_utc=soon\n", "not a Unix time" },
        { "password_expiry_utc=-5\n", "not a Unix time" },
        { "host=" + new string('a', 64 * 1024) + "\n", "longer than 64 KiB" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Rejects_malformed_input_with_one_clear_line(string input, string reason)
    {
        var e = Assert.Throws<HelperException>(() => CredentialReader.Read(input));

        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
        Assert.StartsWith("invalid credential input from git: ", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Rejects_invalid_utf8()
    {
        var bytes = new byte[] { (byte)'h', (byte)'o', (byte)'s', (byte)'t', (byte)'=', 0xC3, 0x28, (byte)'\n' };

        var e = Assert.Throws<HelperException>(() => CredentialReader.Read(new MemoryStream(bytes)));
        Assert.Contains("UTF-8", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_input_over_one_mebibyte()
    {
        var text = new StringBuilder();
        while (text.Length <= CredentialReader.MaxInputBytes)
        {
            text.Append("wwwauth[]=").Append('x', 1000).Append('\n');
        }

        var e = Assert.Throws<HelperException>(() => CredentialReader.Read(text.ToString()));
        Assert.Contains("1 MiB", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_line_of_exactly_64_KiB_is_accepted()
    {
        string value = new('a', CredentialReader.MaxLineBytes - "wwwauth[]=".Length);
        Assert.Equal(value, CredentialReader.Read($"wwwauth[]={value}\n").WwwAuth[0]);
    }

    [Fact]
    public void Printing_a_request_never_prints_its_secrets()
    {
        CredentialRequest r = CredentialReader.Read("protocol=https\nhost=h\npassword=hunter2\ncredential=tok3n\noauth_refresh_token=r3fresh\n");

        string printed = r.ToString();
        Assert.DoesNotContain("hunter2", printed, StringComparison.Ordinal);
        Assert.Contains("***", printed, StringComparison.Ordinal);
    }

    /// <summary>Serves the text, then blocks forever: proves the reader stops at the blank line.</summary>
    private sealed class NeverEndingAfter(string text) : MemoryStream(Encoding.UTF8.GetBytes(text))
    {
        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = base.Read(buffer, offset, count);
            return n > 0 ? n : throw new InvalidOperationException("read past the blank line");
        }
    }
}
