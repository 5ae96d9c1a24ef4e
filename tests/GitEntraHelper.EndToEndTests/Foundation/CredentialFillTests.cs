using GitEntraHelper.EndToEndTests.Infrastructure;
using static GitEntraHelper.EndToEndTests.Foundation.FoundationSandbox;

namespace GitEntraHelper.EndToEndTests.Foundation;

/// <summary>`git credential fill` (the real git) through the published native helper.</summary>
public sealed class CredentialFillTests
{
    [OsTheory(TestOs.All)]
    [InlineData(GitKind.System, "https://github.com/octo/repo.git")]
    [InlineData(GitKind.System, "https://dev.azure.com.evil.example/contoso/demo/_git/demo")]
    [InlineData(GitKind.System, "https://evil.example/dev.azure.com/contoso/demo/_git/demo")]
    [InlineData(GitKind.System, "https://xdev.azure.com/contoso/demo/_git/demo")]
    [InlineData(GitKind.System, "https://contoso.visualstudio.com.evil.example/demo")]
    [InlineData(GitKind.New, "https://github.com/octo/repo.git")]
    [InlineData(GitKind.New, "https://dev.azure.com.evil.example/contoso/demo/_git/demo")]
    public void Other_hosts_fall_through_to_the_next_helper(GitKind git, string url)
    {
        using var sandbox = WithNextHelper(git);
        sandbox.SetConfig("credential.useHttpPath", "true");

        var result = sandbox.GitWithInput($"url={url}\n\n", "credential", "fill").EnsureSuccess();

        Assert.Contains("password=from-next-helper", result.StdOutLines);
        Assert.Empty(HelperLines(result));
    }

    [OsTheory(TestOs.All)]
    [InlineData(GitKind.System)]
    [InlineData(GitKind.New)]
    public void Azure_devops_url_gets_one_clear_line_and_no_credential(GitKind git)
    {
        using var sandbox = new GitSandbox(git);
        sandbox.UseHelper();
        sandbox.SetConfig("credential.https://dev.azure.com.useHttpPath", "true");
        sandbox.Environment["CI"] = "true";
        SeedTenant(sandbox, "dev.azure.com_contoso");

        var result = sandbox.GitWithInput("url=https://dev.azure.com/contoso/demo/_git/demo\n\n", "credential", "fill");

        Assert.NotEqual(0, result.ExitCode); // no helper answered and prompts are off
        var line = Assert.Single(HelperLines(result));
        Assert.True(line.Length > "git-credential-entra: ".Length + 10, line);
        Assert.DoesNotContain("password=", result.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("eyJ", result.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StdErr, StringComparison.Ordinal);
        Assert.True(result.Duration < TimeSpan.FromSeconds(30), $"took {result.Duration}");
    }

    [OsTheory(TestOs.All)]
    [InlineData(GitKind.System)]
    [InlineData(GitKind.New)]
    public void Without_useHttpPath_the_user_is_told_how_to_set_it(GitKind git)
    {
        using var sandbox = new GitSandbox(git);
        sandbox.UseHelper();

        var result = sandbox.GitWithInput("url=https://dev.azure.com/contoso/demo/_git/demo\n\n", "credential", "fill");

        var line = Assert.Single(HelperLines(result));
        Assert.Contains("git config --global credential.https://dev.azure.com.useHttpPath true", line, StringComparison.Ordinal);
        Assert.Contains("hint: run: git config --global credential.https://dev.azure.com.useHttpPath true\n", result.StdErr, StringComparison.Ordinal);
    }

    [OsFact(TestOs.All)]
    public void Organization_from_the_user_name_needs_no_path()
    {
        using var sandbox = new GitSandbox();
        sandbox.UseHelper();
        sandbox.Environment["CI"] = "true";
        sandbox.Environment["GIT_ENTRA_TRACE"] = Path.Combine(sandbox.Root, "trace.log");
        SeedTenant(sandbox, "dev.azure.com_contoso");

        sandbox.GitWithInput("url=https://contoso@dev.azure.com/contoso/demo/_git/demo\n\n", "credential", "fill");

        string trace = File.ReadAllText(Path.Combine(sandbox.Root, "trace.log"));
        Assert.Contains("organization contoso at https://dev.azure.com/contoso", trace, StringComparison.Ordinal);
        Assert.Contains($"tenant {Tenant} (Cache)", trace, StringComparison.Ordinal);
    }

    [OsFact(TestOs.All)]
    public void Plain_http_to_azure_devops_is_refused()
    {
        using var sandbox = new GitSandbox();
        sandbox.UseHelper();
        sandbox.SetConfig("credential.useHttpPath", "true");

        var result = sandbox.GitWithInput("url=http://dev.azure.com/contoso/demo/_git/demo\n\n", "credential", "fill");

        var line = Assert.Single(HelperLines(result));
        Assert.Contains("plain http", line, StringComparison.Ordinal);
        Assert.DoesNotContain("password=", result.StdOut, StringComparison.Ordinal);
    }

    [OsTheory(TestOs.All)]
    [InlineData(GitKind.System, "global")]
    [InlineData(GitKind.System, "command-line")]
    [InlineData(GitKind.New, "global")]
    public void A_host_declared_in_git_config_is_ours(GitKind git, string where)
    {
        int port = ClosedLoopbackPort();
        string host = $"https://127.0.0.1:{port}";
        using var sandbox = WithNextHelper(git);
        sandbox.SetConfig("credential.useHttpPath", "true");
        string[] arguments = ["credential", "fill"];
        if (where == "global")
        {
            sandbox.SetConfig($"credential.{host}.provider", "azure-devops");
        }
        else
        {
            arguments = ["-c", $"credential.{host}.provider=azure-repos", .. arguments];
        }

        var result = sandbox.GitWithInput($"url={host}/contoso/demo/_git/demo\n\n", arguments);

        // Ours: the tenant probe goes to the declared host (nothing listens there) and fails with one line.
        var line = Assert.Single(HelperLines(result));
        Assert.Contains($"cannot discover the Entra tenant of {host}/contoso", line, StringComparison.Ordinal);

        // The same host on another port is not declared: it falls through.
        int other = ClosedLoopbackPort();
        var otherResult = sandbox.GitWithInput($"url=https://127.0.0.1:{other}/contoso/demo/_git/demo\n\n", arguments).EnsureSuccess();
        Assert.Contains("password=from-next-helper", otherResult.StdOutLines);
        Assert.Empty(HelperLines(otherResult));
    }

    [OsTheory(TestOs.All)]
    [InlineData(GitKind.System)]
    [InlineData(GitKind.New)]
    public void A_host_declared_only_in_a_repository_config_is_not_ours(GitKind git)
    {
        // A cloned or downloaded folder's .git/config must not steer a silently acquired token to a host of
        // its choosing: provider is protected configuration (as git treats safe.directory).
        int port = ClosedLoopbackPort();
        string host = $"https://127.0.0.1:{port}";
        using var sandbox = WithNextHelper(git);
        sandbox.SetConfig("credential.useHttpPath", "true");
        sandbox.Git("init", "-q", "downloaded").EnsureSuccess();
        sandbox.Git("-C", "downloaded", "config", $"credential.{host}.provider", "azure-devops").EnsureSuccess();
        sandbox.Environment["GIT_ENTRA_TRACE"] = "1";

        var result = sandbox.GitWithInput($"url={host}/contoso/demo/_git/demo\n\n", "-C", "downloaded", "credential", "fill").EnsureSuccess();

        Assert.Contains("password=from-next-helper", result.StdOutLines);
        Assert.Empty(HelperLines(result));
        Assert.Contains("ignored the provider this repository's own .git/config declares", result.StdErr, StringComparison.Ordinal);
    }
}
