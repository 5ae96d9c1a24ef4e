using System.Globalization;
using System.Text;
using GitEntraHelper.AzureDevOps;
using GitEntraHelper.AzureDevOps.Pats;
using GitEntraHelper.Diagnostics;
using GitEntraHelper.Identity;
using GitEntraHelper.Settings;
using GitEntraHelper.Settings.GitConfig;

namespace GitEntraHelper.Commands;

/// <summary>
/// `pat list` and `pat revoke`: the signed-in user's personal access tokens in one organization, through
/// the PAT lifecycle API at the organization's vssps endpoint (<see cref="VsspsEndpoint"/>) with the Entra
/// token `get` would use (<see cref="TokenPipeline"/>, so IT's tenant policy holds). Names, scopes and
/// expiry only: the API never returns a token's secret after creation, and nothing here prints one.
/// </summary>
public static class PatCommand
{
    public static string Usage => Help.HelpCatalogue.UsageOf("pat");

    /// <summary>What the arguments ask for.</summary>
    internal sealed record Request(bool Revoke, string? Organization, string? Url, IReadOnlyList<Guid> Ids, bool All, DateTimeOffset? ExpiringAfter, bool Yes);

    public static async Task<int> RunAsync(HelperContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        Request request = Parse(args);
        AzureDevOpsRequest resolved = context.Pipeline.Remotes.ResolveRemote(null, OrganizationUrl(context, request));
        TokenPlan plan = await context.Pipeline.PlanAsync(resolved, TokenPurpose.Print, cancellationToken).ConfigureAwait(false);

        using HttpClient http = CreateHttpClient(context, resolved.Settings);
        Uri endpoint = await DiscoverEndpointAsync(context, plan.Target, cancellationToken).ConfigureAwait(false);
        AccessTokenResult token;
        using (context.Trace.Time($"identity: {plan.Source.Name}"))
        {
            token = await plan.Source.GetTokenAsync(plan.Request, cancellationToken).ConfigureAwait(false);
        }

        var client = new PatApiClient(http, endpoint, token.Token, plan.Target, token.Identity, context.Trace);
        IReadOnlyList<PersonalAccessToken> active = await client.ListAsync(cancellationToken).ConfigureAwait(false);
        var output = new PatOutput(context.Output);
        int exit = request.Revoke
            ? await RevokeAsync(context, request, resolved.Settings, client, active, token.Identity, plan.Target, output, cancellationToken).ConfigureAwait(false)
            : List(active, token.Identity, plan.Target, output);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return exit;
    }

    internal static Request Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0] is not ("list" or "revoke"))
        {
            throw new HelperException(Usage, HelperException.UsageExitCode);
        }

        bool revoke = args[0] == "revoke";
        string? organization = null, url = null;
        var ids = new List<Guid>();
        bool all = false, yes = false;
        DateTimeOffset? after = null;
        for (int i = 1; i < args.Count; i++)
        {
            string arg = args[i];
            string? inline = null;
            if (arg.StartsWith("--", StringComparison.Ordinal) && arg.IndexOf('=', StringComparison.Ordinal) is > 2 and var equals)
            {
                inline = arg[(equals + 1)..];
                arg = arg[..equals];
            }

            string Value() => inline ?? (i + 1 < args.Count ? args[++i] : throw Problem($"{arg} needs a value"));
            switch (arg)
            {
                case "--org" or "--organization":
                    organization = Value();
                    break;
                case "--url":
                    url = Value();
                    break;
                case "--all" when revoke && inline is null:
                    all = true;
                    break;
                case "--yes" or "-y" when revoke && inline is null:
                    yes = true;
                    break;
                case "--expiring-after" when revoke:
                    string date = Value();
                    after = DateTimeOffset.TryParseExact(date, ["yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm:ssK"], CultureInfo.InvariantCulture,
                        DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset parsed)
                        ? parsed
                        : throw Problem($"'{date}' is not a date: use YYYY-MM-DD");
                    break;
                default:
                    if (revoke && !arg.StartsWith('-') && Guid.TryParse(arg, out Guid id))
                        ids.Add(id);
                    else
                        throw Problem(revoke && !arg.StartsWith('-') ? $"'{arg}' is not a token's authorization id (a GUID, as pat list shows)" : $"unknown argument '{args[i]}'");
                    break;
            }
        }

        if (organization is not null && url is not null)
            throw Problem("give --org or --url, not both");
        if (organization is null && url is null)
            throw Problem("name the organization: --org ORG or --url URL");
        if (organization is not null && !AzureDevOpsUrl.IsValidOrganizationName(organization))
            throw Problem($"'{organization}' is not an Azure DevOps organization name");
        if (revoke && (ids.Count > 0 ? 1 : 0) + (all ? 1 : 0) + (after is null ? 0 : 1) != 1)
            throw Problem("say which tokens to revoke: IDs, --all or --expiring-after DATE (one of them)");

        return new Request(revoke, organization, url, ids, all, after, yes);
    }

    /// <summary>
    /// `--url` as given; `--org ORG` is the organization on dev.azure.com, or on the one host git config
    /// declares Azure DevOps (a proxy, Azure DevOps behind another name, the emulator) when there is one.
    /// </summary>
    private static string OrganizationUrl(HelperContext context, Request request)
    {
        if (request.Url is { } url)
        {
            return url;
        }

        IReadOnlyList<string> declared = DeclaredHosts.Read(context.Commands);
        return declared.Count switch
        {
            0 => $"https://{AzureDevOpsUrl.DevAzureHost}/{request.Organization}",
            1 => $"{declared[0]}/{request.Organization}",
            _ => throw new HelperException($"git config declares several Azure DevOps hosts ({string.Join(", ", declared)}): name the organization with --url https://HOST/{request.Organization}", HelperException.UsageExitCode),
        };
    }

    private static async Task<Uri> DiscoverEndpointAsync(HelperContext context, AzureDevOpsTarget target, CancellationToken cancellationToken)
    {
        string? header = null;
        try
        {
            var probe = new OrganizationProbe(context.CreateHttpHandler, context.Trace);
            header = (await probe.GetAsync(target.OrganizationUrl, "vssps", cancellationToken).ConfigureAwait(false)).AuthorizationEndpoint;
        }
        catch (ProbeFailedException e) when (VsspsEndpoint.Documented(target) is not null)
        {
            context.Trace.Write("pat", $"cannot ask {target.OrganizationUrl} for its vssps endpoint ({e.Message}): the documented rule");
        }
        catch (ProbeFailedException e)
        {
            throw new HelperException($"cannot ask {target.OrganizationUrl} for its vssps endpoint: {e.Message}; check the URL and the network");
        }

        var (endpoint, origin) = VsspsEndpoint.Choose(target, header);
        context.Trace.Write("pat", $"vssps endpoint {endpoint} (from {origin})");
        return endpoint;
    }

    private static int List(IReadOnlyList<PersonalAccessToken> tokens, string identity, AzureDevOpsTarget target, PatOutput output)
    {
        output.Line($"Personal access tokens of {identity} in {target.Organization} ({target.OrganizationUrl}): {Count(tokens.Count, "active token")}");
        foreach (PersonalAccessToken token in tokens)
        {
            output.Token(token);
        }

        int flagged = tokens.Count(t => t.IsFullAccess || t.IsLongLived);
        if (flagged > 0)
        {
            output.Line($"{Count(flagged, "token")} with full access or a lifetime over {PersonalAccessToken.LongLived.TotalDays:0} days: replace it with Entra tokens (this helper) and revoke it: git credential-entra pat revoke --url {target.OrganizationUrl} ID");
        }

        return 0;
    }

    private static async Task<int> RevokeAsync(HelperContext context, Request request, HelperSettings settings, PatApiClient client,
        IReadOnlyList<PersonalAccessToken> active, string identity, AzureDevOpsTarget target, PatOutput output, CancellationToken cancellationToken)
    {
        var byId = active.ToDictionary(t => t.AuthorizationId);
        List<(Guid Id, string Name)> chosen = request.All
            ? [.. active.Select(t => (t.AuthorizationId, t.DisplayName))]
            : request.ExpiringAfter is { } after
                ? [.. active.Where(t => t.ValidTo > after).Select(t => (t.AuthorizationId, t.DisplayName))]
                : [.. request.Ids.Distinct().Select(id => (id, byId.TryGetValue(id, out var t) ? t.DisplayName : "(not an active token)"))];
        if (chosen.Count == 0)
        {
            output.Line($"no active token of {identity} in {target.Organization} to revoke");
            return 0;
        }

        if (!request.Yes)
        {
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            Confirm(context, settings, chosen, identity, target);
        }

        int failed = 0;
        foreach (var (id, name) in chosen)
        {
            if (await client.RevokeAsync(id, cancellationToken).ConfigureAwait(false))
            {
                output.Line($"revoked {PatOutput.Text(name)} ({id:D})");
            }
            else
            {
                failed++;
                context.Error.WriteLine($"git-credential-entra: {identity} has no token {id:D} in {target.Organization}: pat list shows the ids");
            }
        }

        int remaining = (await client.ListAsync(cancellationToken).ConfigureAwait(false)).Count;
        output.Line($"{Count(chosen.Count - failed, "token")} revoked; {Count(remaining, "active token")} left in {target.Organization}");
        return failed == 0 ? 0 : 1;
    }

    /// <summary>Asks on the terminal; without one (a script, CI, GIT_TERMINAL_PROMPT=0) --yes is the only way.</summary>
    private static void Confirm(HelperContext context, HelperSettings settings, List<(Guid Id, string Name)> chosen, string identity, AzureDevOpsTarget target)
    {
        InteractivePreference preference = UserSignInSettings.ParseInteractive(settings.GetString(SettingKeys.Interactive), settings.DescribeSource(SettingKeys.Interactive));
        InteractionDecision may = InteractionPolicy.DecideConfirmation(preference, context.Environment.Get, context.StdinIsTerminal);
        if (!may.Allowed)
        {
            throw new HelperException($"revoking {Count(chosen.Count, "token")} of {identity} in {target.Organization} needs confirmation, and nobody can be asked here ({may.Reason}): add --yes");
        }

        foreach (var (id, name) in chosen)
        {
            context.Error.WriteLine($"  {PatOutput.Text(name)} ({id:D})");
        }

        context.Error.Write($"Revoke {Count(chosen.Count, "token")} of {identity} in {target.Organization}? Programs using them stop working. [y/N] ");
        context.Error.Flush();
        string answer = ReadLine(context.Input).Trim();
        if (answer is not ("y" or "Y" or "yes" or "YES" or "Yes"))
        {
            throw new HelperException("nothing revoked");
        }
    }

    /// <summary>One line from stdin, byte by byte (nothing read past the newline); empty at end of input.</summary>
    private static string ReadLine(Stream input)
    {
        var bytes = new List<byte>();
        int b;
        while (bytes.Count < 256 && (b = input.ReadByte()) >= 0 && b != '\n')
        {
            bytes.Add((byte)b);
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }

    private static HttpClient CreateHttpClient(HelperContext context, HelperSettings settings)
    {
        HttpMessageHandler handler = context.CreateHttpHandler();
        if (handler is SocketsHttpHandler sockets)
        {
            sockets.AllowAutoRedirect = false; // never carry the token elsewhere
            sockets.UseCookies = false;
        }

        return new HttpClient(handler, disposeHandler: true) { Timeout = settings.WorkloadNetworkTimeout };
    }

    private static string Count(int n, string what) => n == 1 ? $"1 {what}" : string.Create(CultureInfo.InvariantCulture, $"{n} {what}s");

    private static HelperException Problem(string message) => new($"{message}; {Usage}", HelperException.UsageExitCode);
}
