using GitEntraHelper.Diagnostics;
using GitEntraHelper.Identity;
using GitEntraHelper.Platform;

namespace GitEntraHelper.Commands;

/// <summary>
/// `login [ORG | URL] [--device-code | --browser]`: gets a user token for the organization exactly as
/// `get` would (the same pipeline: tenant, IT policy, silent first, then sign-in), so the first clone
/// needs no prompt, and says which account is bound. Always the signed-in user, never a workload
/// identity the environment offers: a person runs this. Default organization: the origin remote's.
/// </summary>
public static class LoginCommand
{
    public static string Usage => Help.HelpCatalogue.UsageOf("login");

    public static async Task<int> RunAsync(HelperContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        string? target = null, flow = null;
        foreach (string arg in args)
        {
            switch (arg)
            {
                case "--device-code":
                    flow = flow is null ? "devicecode" : throw Problem("give --device-code or --browser, not both");
                    break;
                case "--browser":
                    flow = flow is null ? "system" : throw Problem("give --device-code or --browser, not both");
                    break;
                case var other when other.StartsWith('-'):
                    throw Problem($"unknown option '{other}'");
                default:
                    target = target is null ? arg : throw Problem("name one organization or URL");
                    break;
            }
        }

        target ??= await OriginAsync(context, cancellationToken).ConfigureAwait(false)
            ?? throw Problem("no 'origin' remote here: name the organization (git credential-entra login ORG)");

        var overrides = new Dictionary<string, string> { [Variables.Identity] = "user" };
        if (flow is not null)
        {
            overrides[Variables.GcmMsAuthFlow] = flow;
        }

        HelperContext user = context.WithEnvironment(new OverlayEnvironmentVariables(context.Environment, overrides));
        bool isUrl = target.Contains("://", StringComparison.Ordinal);
        var resolved = user.Pipeline.Remotes.ResolveRemote(isUrl ? null : AccountCommand.Organization(target), isUrl ? target : null);
        TokenPlan plan = await user.Pipeline.PlanAsync(resolved, TokenPurpose.Print, cancellationToken).ConfigureAwait(false);
        AccessTokenResult token = await plan.Source.GetTokenAsync(plan.Request, cancellationToken).ConfigureAwait(false);
        string who = token.Identity.StartsWith("user ", StringComparison.Ordinal) ? token.Identity[5..] : token.Identity;
        string tenant = plan.Target.TenantId is { } id ? $" (tenant {id})" : string.Empty;
        await using var output = new StreamWriter(context.Output, leaveOpen: true);
        await output.WriteLineAsync($"signed in as {who} for {plan.Target.Organization}{tenant}; the token is valid until {TimeText.Minutes(token.ExpiresOn)}").ConfigureAwait(false);
        return 0;
    }

    internal static async Task<string?> OriginAsync(HelperContext context, CancellationToken cancellationToken)
    {
        var result = await context.Commands.RunAsync(new CommandSpec("git", ["remote", "get-url", "origin"], TimeSpan.FromSeconds(10)), cancellationToken).ConfigureAwait(false);
        return result is { ExitCode: 0 } && result.StandardOutput.Trim() is { Length: > 0 } url ? url : null;
    }

    private static HelperException Problem(string message) => new($"{message}; {Usage}", HelperException.UsageExitCode);
}
