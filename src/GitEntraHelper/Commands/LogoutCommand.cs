using GitEntraHelper.Diagnostics;
using GitEntraHelper.Identity.User;
using GitEntraHelper.Settings;
using GitEntraHelper.TokenCache;

namespace GitEntraHelper.Commands;

/// <summary>
/// `git credential-entra logout ORG` signs out the account bound to one organization (its cached
/// tokens go unless another organization still uses that account); `logout --all` removes every
/// cached token of every identity (signed-in users, app identities, set-aside copies) and every
/// organization's account binding. The next git operation signs in again.
/// </summary>
public static class LogoutCommand
{
    public static string Usage => Help.HelpCatalogue.UsageOf("logout");

    public static async Task<int> RunAsync(string[] args, HelperContext context, CancellationToken cancellationToken)
    {
        if (args is not [{ } target] || (target.StartsWith('-') && target != "--all") || target.Contains('/', StringComparison.Ordinal)
            || string.IsNullOrWhiteSpace(target))
        {
            throw new HelperException(Usage, HelperException.UsageExitCode);
        }

        var organization = target == "--all" ? null : target.Trim().ToLowerInvariant();
        // No remote URL here: git config for the organization's dev.azure.com URL applies.
        var settings = HelperSettings.ForUrl(context.Environment, context.GitConfig, $"https://dev.azure.com/{organization}");
        var persistence = TokenCachePersistence.Create(settings, context.Paths, context.Trace);
        var bindings = UserSignIn.BindingStore(context.Paths, context.Trace);
        context.MemoryCache?.ForgetAll(); // no token of a signed-out account may be answered from memory
        using var output = new StreamWriter(context.Output, leaveOpen: true);
        return organization is null
            ? await LogoutAllAsync(persistence, bindings, output, cancellationToken).ConfigureAwait(false)
            : await LogoutOrganizationAsync(organization, bindings,
                tenant => CachedUserAccounts.For(settings, organization, tenant, persistence), output, cancellationToken).ConfigureAwait(false);
    }

    internal static async Task<int> LogoutAllAsync(
        ITokenCachePersistence persistence, IAccountBindingStore bindings, TextWriter output, CancellationToken cancellationToken)
    {
        int removed = 0;
        foreach (var partition in persistence.StoredPartitions())
        {
            var where = persistence.Describe(partition);
            if (await persistence.ClearAsync(partition, cancellationToken).ConfigureAwait(false))
            {
                removed++;
                await output.WriteLineAsync($"removed cached tokens: {where}").ConfigureAwait(false);
            }
        }

        var bound = await bindings.ListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var binding in bound)
        {
            await bindings.RemoveAsync(binding.Organization, cancellationToken).ConfigureAwait(false);
        }

        if (bound.Count > 0)
        {
            await output.WriteLineAsync($"forgot the account chosen for {string.Join(", ", bound.Select(b => b.Organization))}").ConfigureAwait(false);
        }

        if (removed == 0 && bound.Count == 0)
        {
            await output.WriteLineAsync("no cached tokens: nothing to remove").ConfigureAwait(false);
        }

        return 0;
    }

    internal static async Task<int> LogoutOrganizationAsync(
        string organization, IAccountBindingStore bindings, Func<string?, ICachedUserAccounts> accountsFor,
        TextWriter output, CancellationToken cancellationToken)
    {
        var binding = await bindings.GetAsync(organization, cancellationToken).ConfigureAwait(false);
        if (binding?.Username is null && binding?.HomeAccountId is null)
        {
            await output.WriteLineAsync($"no account is signed in for {organization}: nothing to do "
                + "(git credential-entra logout --all removes every cached token)").ConfigureAwait(false);
            return 0;
        }

        var who = binding.Username ?? binding.HomeAccountId!;
        await bindings.RemoveAsync(organization, cancellationToken).ConfigureAwait(false);
        var sharing = (await bindings.ListAsync(cancellationToken).ConfigureAwait(false))
            .Where(b => SameAccount(b, binding)).Select(b => b.Organization).ToList();
        if (sharing.Count > 0)
        {
            await output.WriteLineAsync($"{organization} no longer uses {who}; {who} stays signed in for "
                + $"{string.Join(", ", sharing)} (log out of those too to remove its tokens)").ConfigureAwait(false);
            return 0;
        }

        if (binding.ViaBroker)
        {
            await output.WriteLineAsync($"{organization} no longer uses {who}; that account's sign-in belongs to the "
                + "operating system's broker: sign out there to remove it").ConfigureAwait(false);
            return 0;
        }

        var removed = await accountsFor(binding.TenantId)
            .RemoveAsync(binding.HomeAccountId, binding.HomeAccountId is null ? binding.Username : null, cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync(removed
            ? $"signed out {who} from {organization}: its cached tokens are removed"
            : $"{organization} no longer uses {who} (no cached tokens of that account were left)").ConfigureAwait(false);
        return 0;
    }

    private static bool SameAccount(AccountBinding a, AccountBinding b) =>
        a.HomeAccountId is not null && b.HomeAccountId is not null
            ? string.Equals(a.HomeAccountId, b.HomeAccountId, StringComparison.OrdinalIgnoreCase)
            : a.Username is not null && string.Equals(a.Username, b.Username, StringComparison.OrdinalIgnoreCase);
}
