using GitEntraHelper.Settings;

namespace GitEntraHelper.Identity;

/// <summary>
/// The one place that decides how a token is obtained, in this order: what the user configured
/// explicitly; a workload the environment proves (managed identity, federated token file, GitHub
/// Actions / Azure Pipelines OIDC, service principal variables); the Azure CLI when asked; otherwise
/// the signed-in user. Each way is one <see cref="ITokenSource"/> in its own file under Identity/.
/// Construction is cheap; a source is only built when it is chosen.
/// </summary>
public sealed class TokenSourceSelector(IdentityServices services, HelperSettings settings)
{
    /// <summary>The source for this request and why it was chosen.</summary>
    public TokenSourceChoice Choose(TokenRequest request)
    {
        services.Trace.Write("identity", $"choosing a token source for {request.Target.OrganizationUrl} (interaction {(request.Interaction.Allowed ? "allowed" : "not allowed")})");

        // 1-3. Explicit configuration, then a workload identity the environment proves, then the Azure
        // CLI if enabled: the order is documented in Identity/Workload/WorkloadSources.cs.
        if (Workload.WorkloadSources.Choose(settings, services) is { } workload)
        {
            services.Trace.Write("identity", $"{workload.Source.Name}: {workload.Reason}");
            return workload;
        }

        // 4. The signed-in user: silent first, then broker, browser or device code.
        return new TokenSourceChoice(
            User.UserSignIn.CreateSource(services, settings, request.Target.Organization),
            "no workload identity applies: the signed-in user");
    }
}
