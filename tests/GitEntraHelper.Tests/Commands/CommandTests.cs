using GitEntraHelper.Commands;
using NSubstitute;

namespace GitEntraHelper.Tests.Commands;

public sealed class CommandTests
{
    [Theory]
    [InlineData("get")]
    [InlineData("store")]
    [InlineData("erase")]
    public async Task Other_hosts_get_no_output_and_exit_0(string command)
    {
        using var test = new TestContext("protocol=https\nhost=github.com\npath=x/y\n\n");

        Assert.Equal(0, await test.RunAsync(command));
        Assert.Equal("", test.OutputText);
        Assert.Equal("", test.Error.ToString());
    }

    [Fact]
    public async Task Non_http_protocols_do_not_even_read_git_config()
    {
        using var test = new TestContext("protocol=smtp\nhost=mail.example\n\n");

        Assert.Equal(0, await test.RunAsync("get"));
        test.GitConfig.DidNotReceiveWithAnyArgs().ReadCredentialSection(default!);
    }

    [Fact]
    public async Task Azure_devops_in_ci_without_a_signed_in_user_fails_with_one_line()
    {
        using var test = new TestContext("protocol=https\nhost=dev.azure.com\npath=contoso/demo/_git/demo\n\n");

        Assert.Equal(1, await test.RunAsync("get"));
        Assert.Equal("quit=1\n", test.OutputText); // no other helper follows ours: git must not prompt for a password
        string[] error = test.Error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("git-credential-entra: not signed in for Azure DevOps organization 'contoso' and interaction is off (CI=true)", error[0]);
        Assert.All(error[1..], l => Assert.StartsWith("hint: ", l, StringComparison.Ordinal));
        Assert.All(error, l => Assert.InRange(l.Length, 1, 160));
    }

    [Fact]
    public async Task A_definitive_failure_for_a_request_that_is_ours_tells_git_to_quit()
    {
        using var test = new TestContext("protocol=http\nhost=dev.azure.com\npath=contoso/demo/_git/demo\n\n");

        Assert.Equal(1, await test.RunAsync("get"));

        Assert.Equal("quit=1\n", test.OutputText);
        Assert.StartsWith("git-credential-entra: ", test.Error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Erase_and_store_never_answer_quit()
    {
        using var test = new TestContext("protocol=http\nhost=dev.azure.com\npath=contoso/demo/_git/demo\n\n");

        await test.RunAsync("erase");

        Assert.Equal("", test.OutputText);
    }

    [Fact]
    public async Task Tenant_is_probed_once_then_cached_and_challenges_need_no_probe()
    {
        const string Input = "protocol=https\nhost=dev.azure.com\npath=contoso/demo/_git/demo\n\n";
        using var first = new TestContext(Input);
        await first.RunAsync("get");
        Assert.Equal(1, first.ProbeRequests);
        Assert.Contains($"tenant {TestContext.ProbeTenant} (Probe)", first.TraceText.ToString(), StringComparison.Ordinal);

        using var challenged = new TestContext(Input.Replace("\n\n", "\nwwwauth[]=Bearer authorization_uri=https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555\n\n", StringComparison.Ordinal));
        await challenged.RunAsync("get");
        Assert.Equal(0, challenged.ProbeRequests);
        Assert.Contains("tenant 11111111-2222-3333-4444-555555555555 (Challenge)", challenged.TraceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Erase_never_probes_and_forgets_the_cached_tenant()
    {
        using var test = new TestContext("protocol=https\nhost=dev.azure.com\npath=contoso/demo\n\n");
        string cached = Path.Combine(test.Context.Paths.CacheDirectory, "tenants", "dev.azure.com_contoso");
        Directory.CreateDirectory(Path.GetDirectoryName(cached)!);
        File.WriteAllText(cached, TestContext.ProbeTenant);

        Assert.Equal(0, await test.RunAsync("erase"));
        Assert.Equal(0, test.ProbeRequests);
        Assert.False(File.Exists(cached));
    }

    [Fact]
    public async Task Declared_host_is_ours()
    {
        using var test = new TestContext("protocol=https\nhost=127.0.0.1:8443\npath=contoso/demo/_git/demo\n\n",
            new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["credential.provider"] = "azure-devops" });

        Assert.Equal(1, await test.RunAsync("get"));
        Assert.Contains("not signed in for Azure DevOps organization 'contoso'", test.Error.ToString(), StringComparison.Ordinal);
        test.GitConfig.Received(1).ReadCredentialSection("https://127.0.0.1:8443/contoso/demo/_git/demo");
    }

    [Fact]
    public async Task Http_azure_devops_is_refused()
    {
        using var test = new TestContext("protocol=http\nhost=dev.azure.com\npath=contoso/demo\n\n");

        Assert.Equal(1, await test.RunAsync("get"));
        Assert.Contains("plain http", test.Error.ToString(), StringComparison.Ordinal);
        Assert.Equal("quit=1\n", test.OutputText); // ours, refused: git must not ask for a password to send over http
    }

    [Fact]
    public async Task Missing_path_gives_the_useHttpPath_hint()
    {
        using var test = new TestContext("protocol=https\nhost=dev.azure.com\n\n");

        Assert.Equal(1, await test.RunAsync("get"));
        Assert.Contains("git config --global credential.https://dev.azure.com.useHttpPath true", test.Error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_input_is_one_line_and_exit_1()
    {
        using var test = new TestContext("protocol=https\nhost\n\n");

        Assert.Equal(1, await test.RunAsync("get"));
        string error = test.Error.ToString();
        Assert.StartsWith("git-credential-entra: invalid credential input from git:", error, StringComparison.Ordinal);
        Assert.Single(error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Erase_of_a_token_we_never_gave_succeeds_quietly()
    {
        using var test = new TestContext("protocol=https\nhost=dev.azure.com\npath=contoso/demo\npassword=old\n\n");

        Assert.Equal(0, await test.RunAsync("erase"));
        Assert.Equal("", test.Error.ToString());
    }

    [Fact]
    public async Task Unexpected_exceptions_become_one_line_without_stack_trace()
    {
        using var test = new TestContext("protocol=https\nhost=example.test\n\n");
        test.GitConfig.ReadCredentialSection(default!).ReturnsForAnyArgs(_ => throw new InvalidOperationException("boom\n   at Somewhere()"));

        Assert.Equal(1, await test.RunAsync("get"));
        string error = test.Error.ToString();
        Assert.Contains("unexpected error (InvalidOperationException): boom", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Somewhere", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trace_records_stages_without_secrets()
    {
        using var test = new TestContext("protocol=https\nhost=dev.azure.com\npath=contoso/demo\npassword=hunter2-secret\n\n");

        await test.RunAsync("get");

        string trace = test.TraceText.ToString();
        Assert.Contains("protocol:", trace, StringComparison.Ordinal);
        Assert.Contains("azure-devops: organization contoso", trace, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", trace, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_lists_commands_keys_and_variables()
    {
        string help = HelpCommand.Text();

        foreach (string expected in new[] { "get", "store", "erase", "--version", "credential.provider", "GIT_ENTRA_TRACE", "AZURE_AUTHORITY_HOST" })
        {
            Assert.Contains(expected, help, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Version_is_semantic()
    {
        Assert.Matches(@"^\d+\.\d+\.\d+", VersionCommand.Version);
    }
}
