using GitEntraHelper.EndToEndTests.Infrastructure;

namespace GitEntraHelper.EndToEndTests.Foundation;

/// <summary>The published binary on its own: arguments, exit codes, strict input, traces.</summary>
public sealed class HelperProcessTests
{
    [OsTheory(TestOs.All)]
    [InlineData("")]
    [InlineData("get", "extra")]
    public void Unknown_command_is_exit_2_with_one_usage_line(params string[] arguments)
    {
        using var sandbox = new GitSandbox();
        var result = sandbox.Helper("", arguments.Where(a => a.Length > 0).ToArray());

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.StdOut);
        var line = Assert.Single(result.StdErr.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("usage: git credential-entra <command>", line, StringComparison.Ordinal);
    }

    [OsFact(TestOs.All)]
    public void Help_lists_commands_keys_and_variables()
    {
        using var sandbox = new GitSandbox();
        var result = sandbox.Helper(null, "--help").EnsureSuccess();

        foreach (var expected in new[] { "get", "store", "erase", "--version", "credential.provider", "credential.entraTenantId", "GIT_ENTRA_TRACE", "AZURE_AUTHORITY_HOST" })
        {
            Assert.Contains(expected, result.StdOut, StringComparison.Ordinal);
        }
    }

    [OsFact(TestOs.All)]
    public void Version_prints_name_and_version()
    {
        using var sandbox = new GitSandbox();
        var result = sandbox.Helper(null, "--version").EnsureSuccess();

        Assert.Matches(@"^git-credential-entra \d+\.\d+\.\d+\n$", result.StdOut);
    }

    [OsTheory(TestOs.All)]
    [InlineData("protocol=https\nhost\n\n", "has no '='")]
    [InlineData("protocol=https\nhost=a\nhost=b\n\n", "repeats 'host'")]
    [InlineData("protocol=https\nhost=dev.azure.com\r\n\n", "carriage return")]
    public void Malformed_input_is_one_line_and_exit_1(string input, string reason)
    {
        using var sandbox = new GitSandbox();
        var result = sandbox.Helper(input, "get");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.StdOut);
        var line = Assert.Single(result.StdErr.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("git-credential-entra: invalid credential input from git:", line, StringComparison.Ordinal);
        Assert.Contains(reason, line, StringComparison.Ordinal);
    }

    [OsFact(TestOs.All)]
    public void Oversized_input_is_refused_without_hanging()
    {
        using var sandbox = new GitSandbox();
        string input = "protocol=https\nhost=dev.azure.com\nwwwauth[]=" + new string('x', 70_000) + "\n\n";

        var result = sandbox.Helper(input, "get");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("longer than 64 KiB", result.StdErr, StringComparison.Ordinal);
    }

    [OsFact(TestOs.All)]
    public void Store_and_erase_for_other_hosts_are_silent()
    {
        using var sandbox = new GitSandbox();
        foreach (var command in new[] { "store", "erase" })
        {
            var result = sandbox.Helper("protocol=https\nhost=github.com\nusername=u\npassword=p\n\n", command).EnsureSuccess();
            Assert.Equal("", result.StdOut + result.StdErr);
        }
    }

    [OsFact(TestOs.All)]
    public void Trace_to_file_shows_stages_and_never_the_password()
    {
        using var sandbox = new GitSandbox();
        string traceFile = Path.Combine(sandbox.Root, "trace.log");
        sandbox.Environment["GIT_ENTRA_TRACE"] = traceFile;
        sandbox.Environment["CI"] = "true";
        FoundationSandbox.SeedTenant(sandbox, "dev.azure.com_contoso");

        var result = sandbox.Helper("protocol=https\nhost=dev.azure.com\npath=contoso/demo/_git/demo\npassword=hunter2-very-secret\n\n", "get");

        Assert.NotEqual(0, result.ExitCode);
        string trace = File.ReadAllText(traceFile);
        Assert.Contains("command: get", trace, StringComparison.Ordinal);
        Assert.Contains("protocol: read: done in", trace, StringComparison.Ordinal);
        Assert.Contains("azure-devops: organization contoso", trace, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", trace, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", result.StdErr, StringComparison.Ordinal);
        Assert.Matches(@"\[\s*\d+\.\d\d ms\] ", trace);
    }

    [OsFact(TestOs.All)]
    public void Trace_to_stderr_with_1()
    {
        using var sandbox = new GitSandbox();
        sandbox.Environment["GIT_ENTRA_TRACE"] = "1";

        var result = sandbox.Helper("protocol=https\nhost=github.com\n\n", "get").EnsureSuccess();

        Assert.Equal("", result.StdOut);
        Assert.Contains("not ours", result.StdErr, StringComparison.Ordinal);
    }

    [OsFact(TestOs.Unix, "a fake git written as a shell script")]
    [UnsupportedOSPlatform("windows")]
    public void Fall_through_for_other_hosts_starts_no_git_process()
    {
        // A PATH whose "git" would leave a mark proves the prescan answered without running git config.
        using var sandbox = new GitSandbox();
        string fakeBin = Path.Combine(sandbox.Root, "fakebin");
        Directory.CreateDirectory(fakeBin);
        string marker = Path.Combine(sandbox.Root, "git-was-run");
        File.WriteAllText(Path.Combine(fakeBin, "git"), $"#!/bin/sh\ntouch '{marker}'\nexit 1\n");
        File.SetUnixFileMode(Path.Combine(fakeBin, "git"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        sandbox.Environment["PATH"] = fakeBin + ":/usr/bin:/bin";

        sandbox.Helper("protocol=https\nhost=github.com\npath=a/b\n\n", "get").EnsureSuccess();
        Assert.False(File.Exists(marker), "git config ran for a host no config can declare");

        // Once the global config mentions a provider, git is asked.
        File.WriteAllText(Path.Combine(sandbox.Home, ".gitconfig"), "[credential \"https://ado.example\"]\n\tprovider = azure-devops\n");
        sandbox.Helper("protocol=https\nhost=github.com\npath=a/b\n\n", "get");
        Assert.True(File.Exists(marker), "git config did not run although a provider may be declared");
    }
}
