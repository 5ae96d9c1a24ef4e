using System.Text;
using GitEntraHelper.Diagnostics;
using GitEntraHelper.Identity.User;

namespace GitEntraHelper.Commands;

/// <summary>
/// `account list | bind ORG USER | unbind ORG`: which signed-in account each Azure DevOps organization
/// uses. The first sign-in for an organization binds its account; `bind` chooses one ahead of time (the
/// next sign-in for ORG preselects USER, and a cached USER is used silently), `unbind` forgets the choice.
/// Tokens stay in the cache; `logout` removes those.
/// </summary>
public static class AccountCommand
{
    public static string Usage => Help.HelpCatalogue.UsageOf("account");

    public static async Task<int> RunAsync(HelperContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        FileAccountBindingStore bindings = UserSignIn.BindingStore(context.Paths, context.Trace);
        switch (args)
        {
            case ["list"] or []:
                return await ListAsync(context, bindings, cancellationToken).ConfigureAwait(false);
            case ["bind", var organization, var user]:
                string org = Organization(organization);
                if (!IsSignInName(user))
                {
                    throw new HelperException($"'{Redactor.Scrub(user.Length > 80 ? user[..80] + "..." : user)}' is not a sign-in name: give one like alice@contoso.com", HelperException.UsageExitCode);
                }

                AccountBinding? previous = await bindings.GetAsync(org, cancellationToken).ConfigureAwait(false);
                await bindings.SaveAsync(new AccountBinding(org, user, TenantId: previous?.TenantId), cancellationToken).ConfigureAwait(false);
                context.MemoryCache?.ForgetAll(); // the next get must ask for the newly bound account
                await WriteAsync(context, $"{org}: bound to {user}{(previous?.Username is { } old && !AccountPicker.SameUser(old, user) ? $" (was {old})" : string.Empty)}", cancellationToken).ConfigureAwait(false);
                return 0;
            case ["unbind", var organization]:
                string name = Organization(organization);
                bool removed = await bindings.RemoveAsync(name, cancellationToken).ConfigureAwait(false);
                context.MemoryCache?.ForgetAll();
                await WriteAsync(context, removed ? $"{name}: unbound; the next sign-in for it asks which account to use" : $"{name}: no account was bound", cancellationToken).ConfigureAwait(false);
                return 0;
            default:
                throw new HelperException(Usage, HelperException.UsageExitCode);
        }
    }

    /// <summary>A user principal name as Entra spells one: NAME@DOMAIN.TLD, no blanks or control characters, at most 256 characters.</summary>
    internal static bool IsSignInName(string user)
    {
        int at = user.IndexOf('@', StringComparison.Ordinal);
        string domain = at < 0 ? string.Empty : user[(at + 1)..];
        return at > 0 && user.Length <= 256 && user.LastIndexOf('@') == at
            && domain.Contains('.', StringComparison.Ordinal) && !domain.StartsWith('.') && !domain.EndsWith('.')
            && !user.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '/' or '\\' or '"');
    }

    /// <summary>An organization name, or its URL (https://dev.azure.com/ORG/..., https://ORG.visualstudio.com/...).</summary>
    internal static string Organization(string value)
    {
        string name = value.Trim();
        const string LegacySuffix = ".visualstudio.com";
        if (!name.Contains("://", StringComparison.Ordinal) && (name.Contains('/', StringComparison.Ordinal) || name.EndsWith(LegacySuffix, StringComparison.OrdinalIgnoreCase)))
        {
            name = "https://" + name; // dev.azure.com/contoso or contoso.visualstudio.com
        }

        if (Uri.TryCreate(name, UriKind.Absolute, out Uri? url) && url.Scheme is "https" or "http")
        {
            name = url.Host.EndsWith(LegacySuffix, StringComparison.OrdinalIgnoreCase)
                ? url.Host[..^LegacySuffix.Length]
                : url.AbsolutePath.Trim('/').Split('/')[0];
        }

        if (name.Length == 0 || name.Length > 100 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw new HelperException($"'{value}' is not an Azure DevOps organization name or URL", HelperException.UsageExitCode);
        }

        return name.ToLowerInvariant();
    }

    private static async Task<int> ListAsync(HelperContext context, FileAccountBindingStore bindings, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        IReadOnlyList<AccountBinding> all = await bindings.ListAsync(cancellationToken).ConfigureAwait(false);
        if (all.Count == 0)
        {
            text.AppendLine("no organization is bound to an account yet (the first sign-in for an organization binds it)");
        }

        foreach (AccountBinding binding in all)
        {
            text.AppendLine(Describe(binding));
        }

        text.AppendLine(await SignedInAsync(context, cancellationToken).ConfigureAwait(false));
        await WriteAsync(context, text.ToString().TrimEnd(), cancellationToken).ConfigureAwait(false);
        return 0;
    }

    internal static string Describe(AccountBinding binding)
    {
        var notes = new List<string>();
        if (binding.TenantId is not null)
        {
            notes.Add("tenant " + binding.TenantId);
        }

        if (binding.Implicit)
        {
            notes.Add("reused without asking");
        }

        if (binding.ViaBroker)
        {
            notes.Add("via the OS broker");
        }

        if (binding.RefusedUsername is not null)
        {
            notes.Add($"{binding.RefusedUsername} was refused");
        }

        string who = binding.Username ?? "(asks at the next sign-in)";
        return $"{binding.Organization}: {who}{(notes.Count > 0 ? " (" + string.Join(", ", notes) + ")" : string.Empty)}";
    }

    /// <summary>The accounts MSAL's cache holds; reading it may need the keyring, so a failure is one line, not an error.</summary>
    private static async Task<string> SignedInAsync(HelperContext context, CancellationToken cancellationToken)
    {
        SignedInState state = await SignedInState.ReadAsync(context, cancellationToken).ConfigureAwait(false);
        return state.Problem is { } problem ? "signed in: unknown (" + problem + ")"
            : state.Accounts.Count == 0 ? "signed in: nobody (the token cache holds no account)"
            : "signed in: " + string.Join(", ", state.Accounts);
    }

    private static async Task WriteAsync(HelperContext context, string text, CancellationToken cancellationToken)
    {
        byte[] bytes = new UTF8Encoding(false).GetBytes(text + "\n");
        await context.Output.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        await context.Output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
