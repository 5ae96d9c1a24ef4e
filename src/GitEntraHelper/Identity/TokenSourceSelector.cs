using GitEntraHelper.Commands;
using GitEntraHelper.Settings;

namespace GitEntraHelper.Identity;

/// <summary>
/// The one place that decides how a token is obtained, in this order: what the user configured
/// explicitly; a workload the environment proves (managed identity, federated token file, GitHub
/// Actions / Azure Pipelines OIDC, service principal variables); the Azure CLI when asked; otherwise
/// the signed-in user. Each way is one <see cref="ITokenSource"/> in its own file under Identity/.
/// Construction is cheap; a source is only built when it is chosen.
/// </summary>
public sealed class TokenSourceSelector
{
    /// <summary>The line `get` prints when no way of getting a token applies.</summary>
    public const string NoSourceMessage =
        "sign-in not available: this build cannot obtain an Azure DevOps token yet (no sign-in method is implemented or configured)";

    private readonly HelperContext _context;
    private readonly HelperSettings _settings;

    public TokenSourceSelector(HelperContext context, HelperSettings settings)
    {
        _context = context;
        _settings = settings;
    }

    /// <summary>The settings of this run (URL-matched git config + environment).</summary>
    public HelperSettings Settings => _settings;

    /// <summary>The source for this request, or null when none applies (then `get` fails with <see cref="NoSourceMessage"/>).</summary>
    public ITokenSource? Select(TokenRequest request) => Choose(request)?.Source;

    /// <summary>The source for this request and why it was chosen, or null when none applies.</summary>
    public TokenSourceChoice? Choose(TokenRequest request)
    {
        _context.Trace.Write("identity", $"choosing a token source for {request.Target.OrganizationUrl} (interaction {(request.AllowInteraction ? "allowed" : "not allowed")})");

        // 1-3. Explicit configuration, then a workload identity the environment proves, then the Azure
        // CLI if enabled: the order is documented in Identity/Workload/WorkloadSources.cs.
        if (Workload.WorkloadSources.Choose(_settings, _context) is { } workload)
        {
            _context.Trace.Write("identity", $"{workload.Source.Name}: {workload.Reason}");
            return workload;
        }

        // 4. The signed-in user: silent first, then broker, browser or device code.
        return new TokenSourceChoice(
            User.UserSignIn.CreateSource(_context, _settings, request.Target.Organization),
            "no workload identity applies: the signed-in user");
    }
}
