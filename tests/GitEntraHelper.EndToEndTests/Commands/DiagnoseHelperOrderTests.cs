using GitEntraHelper.EndToEndTests.Infrastructure;

namespace GitEntraHelper.EndToEndTests.Commands;

/// <summary>
/// `diagnose` reports the helpers the real git runs for a URL, in order, and fails when this helper is
/// not the first; without a URL it says what it could not check. No network: the remote is a closed
/// port on 127.0.0.1 declared as Azure DevOps, its tenant configured, the authority unreachable.
/// </summary>
public sealed class DiagnoseHelperOrderTests
{
    private const string Remote = "https://127.0.0.1:9/contoso/demo/_git/demo";

    private static GitSandbox Repository(GitKind git)
    {
        var sandbox = new GitSandbox(git);
        sandbox.UseHelper();
        sandbox.SetConfig("credential.https://127.0.0.1:9.provider", "azure-devops");
        sandbox.Environment["GIT_ENTRA_TENANT_ID"] = "72f988bf-86f1-41af-91ab-2d7cd011db47";
        sandbox.Environment["AZURE_AUTHORITY_HOST"] = "https://127.0.0.1:9/";
        sandbox.Environment["GIT_TERMINAL_PROMPT"] = "0";
        sandbox.Git("init", "--quiet").EnsureSuccess();
        sandbox.Git("remote", "add", "origin", Remote).EnsureSuccess();
        return sandbox;
    }

    private static string HelpersLine(ProcessResult result) =>
        Assert.Single(result.StdOutLines, l => l.Contains("  helpers ", StringComparison.Ordinal));

    [OsTheory(TestOs.Unix, "the fix line is a POSIX shell command")]
    [InlineData(GitKind.System)]
    [InlineData(GitKind.New)]
    public void A_repository_local_store_before_this_helper_fails_the_check(GitKind git)
    {
        using var sandbox = Repository(git);
        // What a repository might carry: reset the list, then store, then this helper again.
        sandbox.Git("config", "--local", "--add", "credential.helper", "").EnsureSuccess();
        sandbox.Git("config", "--local", "--add", "credential.helper", "store").EnsureSuccess();
        sandbox.Git("config", "--local", "--add", "credential.helper", PublishedHelper.Path).EnsureSuccess();

        var result = sandbox.Git("credential-entra", "diagnose");

        Assert.Equal(1, result.ExitCode);
        string line = HelpersLine(result);
        Assert.StartsWith("FAIL", line, StringComparison.Ordinal);
        Assert.Contains("git asks store (", line, StringComparison.Ordinal);
        Assert.Contains(result.StdOutLines, l => l.Contains("fix          remove it with `git config --file .git/config --unset-all credential.helper '^store$'`", StringComparison.Ordinal));
        Assert.DoesNotContain(result.StdOutLines, l => l == "all checks passed");
    }

    [OsTheory(TestOs.Unix, "the fix line is a POSIX shell command")]
    [InlineData(GitKind.System)]
    [InlineData(GitKind.New)]
    public void A_list_reset_to_another_helper_names_that_helper(GitKind git)
    {
        using var sandbox = Repository(git);
        sandbox.Git("config", "--local", "--add", "credential.helper", "").EnsureSuccess();
        sandbox.Git("config", "--local", "--add", "credential.helper", "cache").EnsureSuccess();

        var result = sandbox.Git("credential-entra", "diagnose", "--json");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("\"check\": \"helpers\"", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("git runs cache (", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("\"passed\": false", result.StdOut, StringComparison.Ordinal);
    }

    [OsTheory(TestOs.Unix, "the fix line is a POSIX shell command")]
    [InlineData(GitKind.System)]
    [InlineData(GitKind.New)]
    public void This_helper_first_passes_the_check_and_the_report_can_go_to_a_file(GitKind git)
    {
        using var sandbox = Repository(git);
        sandbox.Git("config", "--local", "credential.entraServicePrincipalSecretNotAKey", "s3cr3t-value").EnsureSuccess();
        string file = Path.Combine(sandbox.Root, "report.txt");

        var result = sandbox.Git("credential-entra", "diagnose", "--output", file);

        Assert.Contains($"wrote the report to {file}", result.StdOut, StringComparison.Ordinal);
        string report = File.ReadAllText(file);
        string line = Assert.Single(report.Split('\n'), l => l.Contains("  helpers ", StringComparison.Ordinal));
        Assert.StartsWith("ok", line, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t-value", report, StringComparison.Ordinal); // a 'secret' key is masked
    }

    [OsFact(TestOs.Unix, "the fix line is a POSIX shell command")]
    public void Outside_a_repository_without_a_url_it_says_what_it_did_not_check()
    {
        using var sandbox = new GitSandbox();
        sandbox.UseHelper();

        var result = sandbox.Git("credential-entra", "diagnose");

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("all checks passed", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("not checked: the helpers git runs", result.StdOut, StringComparison.Ordinal);
    }

    [OsFact(TestOs.Unix, "the fix line is a POSIX shell command")]
    public void A_url_without_organization_is_named()
    {
        using var sandbox = new GitSandbox();
        sandbox.UseHelper();

        var result = sandbox.Git("credential-entra", "diagnose", "https://dev.azure.com");

        Assert.Equal(1, result.ExitCode);
        string line = Assert.Single(result.StdOutLines, l => l.StartsWith("FAIL  url", StringComparison.Ordinal));
        Assert.Contains("organization", line, StringComparison.Ordinal);
    }
}
