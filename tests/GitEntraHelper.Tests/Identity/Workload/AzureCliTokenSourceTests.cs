using GitEntraHelper.Diagnostics;
using GitEntraHelper.Identity.Workload;
using GitEntraHelper.Platform;
using NSubstitute;
using static GitEntraHelper.Tests.Identity.Workload.WorkloadTestData;

namespace GitEntraHelper.Tests.Identity.Workload;

public class AzureCliTokenSourceTests
{
    private readonly ICommandRunner _runner = Substitute.For<ICommandRunner>();

    private void Answer(CommandResult? result) =>
        _runner.RunAsync(Arg.Is<CommandSpec>(c => c.Program == "az"), Arg.Any<CancellationToken>()).Returns(result);

    [Fact]
    public async Task Runs_az_for_Azure_DevOps_in_the_organizations_tenant_and_reads_expires_on()
    {
        Answer(new CommandResult(0, """{"accessToken":"cli-token","expiresOn":"2030-01-01 00:00:00.000000","expires_on":1893456000,"subscription":"s","tenant":"t","tokenType":"Bearer"}""", "", false));
        var source = new AzureCliTokenSource(_runner, TimeSpan.FromSeconds(5));

        var result = await source.GetTokenAsync(Request(), CancellationToken.None);

        Assert.Equal("cli-token", result.Token.Reveal());
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1893456000), result.ExpiresOn);
        await _runner.Received(1).RunAsync(
            Arg.Is<CommandSpec>(c => c.Program == "az" && c.Timeout == TimeSpan.FromSeconds(5)
                && string.Join(' ', c.Arguments) == $"account get-access-token --resource 499b84ac-1321-427f-aa17-267ca6975798 --tenant {Tenant} -o json"),
            Arg.Any<CancellationToken>());
    }

    [Fact]
    public void Older_CLIs_give_only_a_local_expiresOn()
    {
        var result = AzureCliTokenSource.Parse("""{"accessToken":"t","expiresOn":"2030-01-01 10:00:00.000000"}""", DateTimeOffset.UtcNow);
        Assert.Equal(new DateTimeOffset(new DateTime(2030, 1, 1, 10, 0, 0, DateTimeKind.Local)), result!.ExpiresOn);
        Assert.Null(AzureCliTokenSource.Parse("not json", DateTimeOffset.UtcNow));
        Assert.Null(AzureCliTokenSource.Parse("""{"expires_on":1}""", DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task Missing_az_is_one_line()
    {
        Answer(null);
        var e = await Assert.ThrowsAsync<HelperException>(() => new AzureCliTokenSource(_runner, TimeSpan.FromSeconds(5)).GetTokenAsync(Request(), CancellationToken.None));
        Assert.Contains("not on PATH", e.Message);
        Assert.Contains("credential.entraAzureCli", e.Message);
    }

    [Fact]
    public async Task Not_signed_in_says_az_login_with_the_tenant()
    {
        Answer(new CommandResult(1, "", "ERROR: Please run 'az login' to setup account.\n", false));
        var e = await Assert.ThrowsAsync<HelperException>(() => new AzureCliTokenSource(_runner, TimeSpan.FromSeconds(5)).GetTokenAsync(Request(), CancellationToken.None));
        Assert.Contains($"az login --tenant {Tenant}", e.Message);
    }

    [Fact]
    public async Task Time_out_and_other_failures_are_one_line()
    {
        Answer(new CommandResult(-1, "", "", TimedOut: true));
        var timedOut = await Assert.ThrowsAsync<HelperException>(() => new AzureCliTokenSource(_runner, TimeSpan.FromSeconds(7)).GetTokenAsync(Request(), CancellationToken.None));
        Assert.Contains("within 7 s", timedOut.Message);

        Answer(new CommandResult(2, "", "WARNING: something\nERROR: (InvalidResource) boom\nTraceback...", false));
        var failed = await Assert.ThrowsAsync<HelperException>(() => new AzureCliTokenSource(_runner, TimeSpan.FromSeconds(7)).GetTokenAsync(Request(), CancellationToken.None));
        Assert.Contains("(InvalidResource) boom", failed.Message);
        Assert.DoesNotContain('\n', failed.Message);
    }

    [Fact]
    public async Task The_real_runner_reports_a_missing_program_and_kills_on_time_out()
    {
        var runner = new CommandRunner(ProcessEnvironmentVariables.Instance);
        Assert.Null(await runner.RunAsync(new CommandSpec("definitely-not-a-program-7f3a", [], TimeSpan.FromSeconds(5)), CancellationToken.None));

        // Windows has no sleep or sh: cmd.exe loops forever, or echoes and exits.
        bool windows = OperatingSystem.IsWindows();
        var slept = windows
            ? await runner.RunAsync(new CommandSpec("cmd", ["/c", "for /l %i in (1,0,2) do rem"], TimeSpan.FromMilliseconds(200)), CancellationToken.None)
            : await runner.RunAsync(new CommandSpec("sleep", ["30"], TimeSpan.FromMilliseconds(200)), CancellationToken.None);
        Assert.True(slept!.TimedOut);

        var echoed = windows
            ? await runner.RunAsync(new CommandSpec("cmd", ["/c", "echo out& echo err 1>&2& exit 3"], TimeSpan.FromSeconds(10)), CancellationToken.None)
            : await runner.RunAsync(new CommandSpec("sh", ["-c", "echo out; echo err >&2; exit 3"], TimeSpan.FromSeconds(10)), CancellationToken.None);
        Assert.Equal((3, "out", "err"), (echoed!.ExitCode, echoed.StandardOutput.TrimEnd(), echoed.StandardError.TrimEnd()));
    }
}
