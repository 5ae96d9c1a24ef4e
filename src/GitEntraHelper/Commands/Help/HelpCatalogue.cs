namespace GitEntraHelper.Commands.Help;

/// <summary>
/// Every command, once: the one source of `-h`, `--help`, `help CMD`, `CMD -h`, usage errors, the man
/// page and the HTML page (both generated from here by `help --man` / `help --html`, see
/// <see cref="ManPage"/>), and the shell completions' command lists (tests compare them).
/// </summary>
public static class HelpCatalogue
{
    public const string SetUp = "Set up";
    public const string SignIn = "Sign in";
    public const string Tokens = "Tokens and personal access tokens";
    public const string Check = "When something is wrong";
    public const string Git = "Called by git (gitcredentials(7))";
    public const string Other = "About";

    /// <summary>Headings in the order `-h` shows them.</summary>
    public static IReadOnlyList<string> Groups { get; } = [SetUp, SignIn, Tokens, Check, Git, Other];

    public static IReadOnlyList<CommandHelp> Commands { get; } =
    [
        new("configure", SetUp, "[--system] [--quiet] [--org ORG]... [--url URL]...",
            "make git use this helper for Azure DevOps",
            ["Writes the credential.helper and credential.useHttpPath lines for https://dev.azure.com and *.visualstudio.com into the global git config (--system: every user's), and prints each line with its meaning.",
             "--org ORG limits it to organizations; --url URL adds an Azure DevOps Server or another host with the dev.azure.com URL form. --quiet prints nothing but failures."]),
        new("unconfigure", SetUp, "[--system] [--quiet]",
            "remove exactly what configure wrote",
            ["Removes the lines configure wrote and prints them (--quiet: only failures); lines it did not write stay."]),
        new("migrate", SetUp, "[--apply] [--system]",
            "find the PATs and helpers that answer git for Azure DevOps",
            ["A dry run lists stored personal access tokens, other helpers and remote URLs that carry a PAT.",
             "--apply removes those stored PATs, configures this helper and cleans the remote URLs."]),
        new("login", SignIn, "[ORG | URL] [--device-code | --browser]",
            "sign in ahead of time and say as whom",
            ["Gets a token for the organization (default: the current repository's origin) as git would, signing in when needed, and prints the account now bound and its tenant.",
             "--device-code or --browser chooses how to sign in (credential.msauthFlow otherwise)."]),
        new("status", SignIn, "[--json]",
            "organizations, their accounts, token expiry and the cache; exit 1 when not signed in",
            ["Lists each organization's bound account and tenant, the signed-in accounts, when the cached access token of each organization expires and where the token cache is kept.",
             "Exits 1 when no account is signed in, so scripts can test it. --json prints the same as one JSON object."]),
        new("logout", SignIn, "ORG | --all",
            "sign out the account of ORG, or remove every cached token",
            ["logout ORG signs out the account ORG uses (its tokens stay while another organization uses it); --all removes every cached token and every account choice."]),
        new("account", SignIn, "list | bind ORG USER | unbind ORG",
            "which signed-in account each organization uses",
            ["The first sign-in for an organization binds its account. bind chooses one ahead of time (the next sign-in preselects it); unbind forgets the choice, so the next sign-in asks."]),
        new("token", Tokens, "[--org ORG | --url URL] [--format raw|header|json]",
            "print an Azure DevOps access token for REST calls",
            ["The same token get gives git. raw: the token; header: an Authorization line for curl -H @-; json: as az account get-access-token."]),
        new("pat", Tokens, "list (--org ORG | --url URL) | revoke (--org ORG | --url URL) (ID... | --all | --expiring-after DATE) [--yes]",
            "list or revoke your personal access tokens in an organization",
            ["list shows name, scope and expiry, marking full-access and long-lived ones. revoke asks on a terminal; --yes where nobody can be asked."]),
        new("diagnose", Check, "[URL] [--json] [--output FILE]",
            "check what git will do for URL, stage by stage; exit 1 on a failed check",
            ["Lists the helpers git runs for URL (default: origin) in order over every config scope and fails when this helper is not the first that answers, then checks host rule, organization, tenant, identity, token cache, token and access.",
             "--json prints the report as JSON; --output FILE writes it to FILE for a support ticket. Secrets are masked."]),
        new("get", Git, string.Empty,
            "answer git's request with an Entra access token",
            ["Reads git's request on stdin. A request for a host that is not Azure DevOps gets no answer (exit 0), so git asks its next helper."]),
        new("store", Git, string.Empty,
            "accept git's report that the token worked",
            ["Tokens stay in the token cache; nothing else is stored."]),
        new("erase", Git, string.Empty,
            "forget a token Azure DevOps rejected",
            ["The rejected token is never handed out again; the next get refreshes it."]),
        new("help", Other, "[COMMAND]",
            "this list, or one command's help (also COMMAND -h)",
            ["git credential-entra --help (through git: git help credential-entra) opens the manual page with every command and setting."]),
        new("version", Other, string.Empty,
            "the version (also --version)",
            []),
    ];

    /// <summary>The command named <paramref name="name"/>, or null.</summary>
    public static CommandHelp? Find(string name) =>
        Commands.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.Ordinal));

    /// <summary>A command's usage line; throws for a name the catalogue lacks (a programming error).</summary>
    public static string UsageOf(string name) =>
        (Find(name) ?? throw new ArgumentException($"no command '{name}' in the help catalogue", nameof(name))).Usage;

    /// <summary>`usage: git credential-entra <command> [<args>]`.</summary>
    public static string Usage => $"{CommandHelp.UsagePrefix} <command> [<arguments>]  (git credential-entra -h lists them)";

    /// <summary>The known command nearest to a mistyped one (edit distance at most 2, or a unique prefix), or null.</summary>
    public static string? Nearest(string typed)
    {
        var prefixed = Commands.Where(c => c.Name.StartsWith(typed, StringComparison.OrdinalIgnoreCase)).ToList();
        if (typed.Length >= 2 && prefixed.Count == 1)
        {
            return prefixed[0].Name;
        }

        string? best = null;
        int bestDistance = 3;
        foreach (CommandHelp command in Commands)
        {
            int distance = EditDistance(typed.ToLowerInvariant(), command.Name);
            if (distance < bestDistance)
            {
                (best, bestDistance) = (command.Name, distance);
            }
        }

        return best;
    }

    // Damerau-Levenshtein (optimal string alignment): a swapped pair of letters counts as one typo, as in git's own suggestions.
    private static int EditDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (int j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
