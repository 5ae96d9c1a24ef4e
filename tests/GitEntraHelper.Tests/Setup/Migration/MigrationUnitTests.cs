using GitEntraHelper.Settings;
using GitEntraHelper.Setup.Migration;

namespace GitEntraHelper.Tests.Setup.Migration;

public sealed class MigrationUnitTests
{
    [Theory]
    [InlineData("https://dev.azure.com", "https://dev.azure.com/contoso", true)]
    [InlineData("https://dev.azure.com/contoso", "https://dev.azure.com/contoso", true)]
    [InlineData("https://dev.azure.com/contoso", "https://dev.azure.com/contoso/demo/_git/demo", true)]
    [InlineData("https://dev.azure.com/contoso", "https://dev.azure.com/contoso2", false)]
    [InlineData("https://dev.azure.com/fabrikam", "https://dev.azure.com/contoso", false)]
    [InlineData("https://*.visualstudio.com", "https://fabrikam.visualstudio.com", true)]
    [InlineData("https://*.visualstudio.com", "https://visualstudio.com", false)]
    [InlineData("https://*.visualstudio.com", "https://a.b.visualstudio.com", false)]
    [InlineData("https://dev.azure.com", "http://dev.azure.com", false)]
    [InlineData("https://dev.azure.com:443", "https://dev.azure.com", true)]
    [InlineData("https://127.0.0.1:8443", "https://127.0.0.1:8443/contoso", true)]
    [InlineData("https://127.0.0.1:8443", "https://127.0.0.1:9443/contoso", false)]
    [InlineData("https://alice@dev.azure.com", "https://dev.azure.com/contoso", false)]
    [InlineData("dev.azure.com", "https://dev.azure.com/contoso", true)]
    [InlineData("https://DEV.azure.com", "https://dev.azure.com", true)]
    public void Credential_url_sections_match_as_in_git(string pattern, string url, bool matches)
        => Assert.Equal(matches, UrlPattern.Matches(pattern, url));

    [Fact]
    public void A_store_line_is_read_as_git_reads_it()
    {
        var line = StoreFile.ParseUrl("https://alice%40contoso.com:p%3Ass%2Fw0rd@dev.azure.com/contoso/")!;
        Assert.Equal("https", line.Protocol);
        Assert.Equal("dev.azure.com", line.Host);
        Assert.Equal("contoso", line.Path);
        Assert.Equal("alice@contoso.com", line.Username);
        Assert.Equal("p:ss/w0rd", line.Password!.Value.Reveal());
        Assert.Equal("***", line.Password.Value.ToString());
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("https://")]
    [InlineData("")]
    public void Other_lines_are_not_credentials(string text) => Assert.Null(StoreFile.ParseUrl(text));

    [Fact]
    public void A_line_without_a_user_has_no_password()
        => Assert.Null(StoreFile.ParseUrl("https://dev.azure.com/contoso")!.Password);

    [Theory]
    [InlineData("store", "store")]
    [InlineData("store --file ~/.my-credentials", "store")]
    [InlineData("cache --timeout=3600", "cache")]
    [InlineData("manager", "manager")]
    [InlineData("manager-core", "manager")]
    [InlineData("/usr/local/bin/git-credential-manager", "manager")]
    [InlineData("C:/Program\\ Files/Git/mingw64/bin/git-credential-manager.exe", "manager")]
    [InlineData("/usr/share/doc/git/contrib/credential/libsecret/git-credential-libsecret", "libsecret")]
    [InlineData("osxkeychain", "osxkeychain")]
    [InlineData("wincred", "wincred")]
    [InlineData("entra", "entra")]
    [InlineData("/opt/entra/git-credential-entra", "entra")]
    [InlineData("!f() { echo password=x; }; f", "other")]
    [InlineData("oauth", "other")]
    public void Helpers_are_recognised(string value, string kind) => Assert.Equal(kind, new CredentialHelper(value, "file:x").Kind);

    [Fact]
    public void Store_reads_its_two_default_files_or_the_one_named()
    {
        // Joined with this OS's separator, as the files are opened here (C:\Users\…\.git-credentials on Windows).
        Assert.Equal([Path.Combine("/h", ".git-credentials"), Path.Combine("/x", "git", "credentials")], new CredentialHelper("store", "f").StoreFiles("/h", "/x"));
        Assert.Equal([Path.Combine("/h", ".git-credentials"), Path.Combine("/h", ".config", "git", "credentials")], new CredentialHelper("store", "f").StoreFiles("/h", null));
        Assert.Equal([Path.Combine("/h", "creds")], new CredentialHelper("store --file ~/creds", "f").StoreFiles("/h", null));
        Assert.Equal(["/tmp/c"], new CredentialHelper("store --file=/tmp/c", "f").StoreFiles("/h", null));
    }

    [Fact]
    public void A_remote_url_loses_only_its_user_information()
    {
        Assert.Equal("https://dev.azure.com/contoso/demo/_git/demo", RemoteSecret.Clean("https://alice:s3cret@dev.azure.com/contoso/demo/_git/demo", out string? user));
        Assert.Equal("alice", user);
        Assert.Null(RemoteSecret.Clean("https://alice@dev.azure.com/contoso/demo/_git/demo", out _)); // no secret: nothing to clean
        Assert.Null(RemoteSecret.Clean("https://dev.azure.com/contoso/demo/_git/demo", out _));
    }

    [Fact]
    public void The_value_pattern_for_a_remote_rewrite_does_not_contain_the_secret()
    {
        string pattern = MigrationApply.WithAnyUserInformation("https://dev.azure.com/contoso/demo/_git/demo");
        Assert.Equal(@"^https://[^/]*@dev\.azure\.com/contoso/demo/_git/demo$", pattern);
    }

    [Fact]
    public void An_entra_token_is_not_a_pat()
    {
        var helper = new CredentialHelper("manager", "f");
        var jwt = new StoredCredential(helper, "manager", "https", "dev.azure.com", null, "u", new GitEntraHelper.Diagnostics.Secret("eyJhbGciOi.eyJzdWIi.c2ln"), null);
        var pat = jwt with { Password = new GitEntraHelper.Diagnostics.Secret("abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrst") };
        Assert.True(jwt.IsEntraToken);
        Assert.False(pat.IsEntraToken);
        Assert.Contains("password=abcdefghij", pat.ProtocolInput(), StringComparison.Ordinal);
        Assert.DoesNotContain("abcdefghij", pat.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, null, true)]
    [InlineData(false, null, false)]
    [InlineData(true, "0", false)] // GIT_TERMINAL_PROMPT=0 always wins
    public void A_confirmation_needs_a_terminal_on_stdin(bool stdinIsTerminal, string? terminalPrompt, bool allowed)
    {
        var decision = InteractionPolicy.DecideConfirmation(InteractivePreference.Auto, name => name == "GIT_TERMINAL_PROMPT" ? terminalPrompt : null, () => stdinIsTerminal);
        Assert.Equal(allowed, decision.Allowed);
    }

    [Fact]
    public void Ci_is_never_asked_and_always_cannot_make_a_pipe_a_person()
    {
        Assert.False(InteractionPolicy.DecideConfirmation(InteractivePreference.Auto, name => name == "CI" ? "true" : null, () => true).Allowed);
        Assert.False(InteractionPolicy.DecideConfirmation(InteractivePreference.Always, _ => null, () => false).Allowed);
    }
}
