using System.Diagnostics;
using System.Net.Http.Headers;
using GitEntraHelper.AzureDevOps;
using GitEntraHelper.Diagnostics;
using GitEntraHelper.Identity;
using GitEntraHelper.Identity.Workload;
using GitEntraHelper.Platform;
using GitEntraHelper.Settings;
using GitEntraHelper.TokenCache;

namespace GitEntraHelper.Commands;

/// <summary>
/// `diagnose [URL]`: walks the path of a `get` for URL (default: the current repository's origin) and
/// reports each stage — git, host rule, organization, tenant, authority, identity way and why, token
/// cache, token, organization access — with timings. Every failing line names its fix; the exit code
/// is 1 when any check failed. Nothing secret is printed: tokens never, git config secrets as ***.
/// Over 300 lines on purpose: the stages are checked in the order a get takes them, one method each.
/// </summary>
public static class DiagnoseCommand
{
    public static string Usage => Help.HelpCatalogue.UsageOf("diagnose");
    private static readonly TimeSpan HttpTimeout = TimeSpan.FromSeconds(15);

    public static async Task<int> RunAsync(HelperContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        string? url = null, outputFile = null;
        bool json = false;
        for (int i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--json":
                    json = true;
                    break;
                case "--output":
                    outputFile = i + 1 < args.Count ? args[++i] : throw new HelperException($"--output needs a file; {Usage}", HelperException.UsageExitCode);
                    break;
                case var other when other.StartsWith('-') || url is not null:
                    throw new HelperException($"unknown argument '{other}'; {Usage}", HelperException.UsageExitCode);
                default:
                    url = args[i];
                    break;
            }
        }

        var report = new DiagnoseReport();
        report.Info("program", $"git-credential-entra {VersionCommand.Version} on {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
        var runner = context.Commands;

        var git = await runner.RunAsync(new CommandSpec("git", ["--version"], TimeSpan.FromSeconds(10)), cancellationToken).ConfigureAwait(false);
        if (git is { ExitCode: 0 })
            report.Ok("git", git.StandardOutput.Trim());
        else
            report.Fail("git", "git is not on PATH or does not run: install git 2.39 or later");

        url ??= await LoginCommand.OriginAsync(context, cancellationToken).ConfigureAwait(false);
        if (url is null)
        {
            report.Info("url", "none given and no 'origin' remote here: run `git credential-entra diagnose https://dev.azure.com/ORG/PROJECT/_git/REPO`");
            report.NotChecked("the helpers git runs, organization, tenant, identity, token and access (they need a URL)");
        }
        else
        {
            GitHelperList helpers = GitHelperList.Read(context); // read once for both checks
            DiagnoseHelpers.Report(helpers, report, url);
            await DiagnoseRemoteAsync(context, report, url, cancellationToken).ConfigureAwait(false);
            DiagnoseStoredPats.Report(helpers, report, url);
        }

        await ConfigOriginsAsync(runner, report, cancellationToken).ConfigureAwait(false);
        byte[] bytes = json ? report.Json() : System.Text.Encoding.UTF8.GetBytes(report.Text());
        if (outputFile is not null)
        {
            try
            {
                await File.WriteAllBytesAsync(outputFile, bytes, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new HelperException($"cannot write the report to {outputFile}: {e.Message}");
            }

            bytes = System.Text.Encoding.UTF8.GetBytes($"{report.Summary}\nwrote the report to {outputFile} (secrets masked)\n");
        }

        await context.Output.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        await context.Output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return report.Failures == 0 ? 0 : 1;
    }

    private static async Task DiagnoseRemoteAsync(HelperContext context, DiagnoseReport report, string url, CancellationToken cancellationToken)
    {
        AzureDevOpsRequest resolved;
        try
        {
            resolved = context.Pipeline.Remotes.ResolveRemote(null, url);
        }
        catch (HelperException e)
        {
            report.Fail("url", e.MessageWithHints);
            return;
        }

        var settings = resolved.Settings;
        var host = resolved.Request.Host ?? "";
        report.Ok("host rule", AzureDevOpsUrl.IsWellKnownHost(host)
            ? $"{host} is a built-in Azure DevOps host"
            : $"{host} is declared by {settings.DescribeSource(SettingKeys.Provider)}={settings.DeclaredProvider}");
        report.Ok("organization", $"{resolved.Target.Organization} at {resolved.Target.OrganizationUrl}");
        AzureDevOpsTarget target;
        try
        {
            target = await context.Pipeline.ResolveTenantAsync(resolved, TokenPurpose.Check, cancellationToken).ConfigureAwait(false);
        }
        catch (HelperException e)
        {
            report.Fail("tenant", e.MessageWithHints);
            return;
        }
        if (target.TenantId is null)
            report.Info("tenant", "not known (the identity's configured tenant is used)");
        else
            report.Ok("tenant", $"{target.TenantId} (from {TenantOrigin(target.TenantSource)})");

        Uri authorityHost;
        try
        {
            authorityHost = settings.AuthorityHost;
        }
        catch (HelperException e)
        {
            report.Fail("authority", e.MessageWithHints);
            return;
        }

        using var http = CreateHttpClient(context);
        var tenantForAuthority = target.TenantId ?? settings.GetTrimmed(SettingKeys.AzureTenantId) ?? "organizations";
        var metadata = new Uri(authorityHost, $"{Uri.EscapeDataString(tenantForAuthority)}/v2.0/.well-known/openid-configuration");
        var (authorityStatus, authorityMs, authorityError, _) = await ProbeAsync(http, metadata, null, cancellationToken).ConfigureAwait(false);
        var authorityOrigin = settings.DescribeSource(SettingKeys.AuthorityHost);
        if (authorityStatus == 200)
            report.Ok("authority", $"{authorityHost} ({authorityOrigin}) answered in {authorityMs} ms");
        else
            report.Fail("authority", $"{metadata.GetLeftPart(UriPartial.Path)} {(authorityError ?? $"answered HTTP {authorityStatus}")} after {authorityMs} ms: check the network, the proxy (HTTPS_PROXY) and AZURE_AUTHORITY_HOST");

        TokenPlan plan;
        try
        {
            plan = context.Pipeline.Plan(resolved, target, TokenPurpose.Check);
        }
        catch (HelperException e)
        {
            report.Fail("identity", e.MessageWithHints);
            return;
        }

        TokenSourceChoice choice = plan.Choice;
        report.Ok("identity", $"{choice.Source.Name}, because {choice.Reason}");

        var partition = choice.Source is ICachePartitioned cached ? cached.CachePartition : TokenCachePartitions.User;
        ReportCache(context, settings, report, partition, choice.Source is AzureCliTokenSource);
        ReportMemoryCache(context, settings, report);

        AccessTokenResult token;
        var watch = Stopwatch.StartNew();
        try
        {
            token = await choice.Source.GetTokenAsync(plan.Request, cancellationToken).ConfigureAwait(false);
        }
        catch (HelperException e)
        {
            report.Fail("token", e.MessageWithHints);
            return;
        }
        report.Ok("token", $"for {token.Identity} in {watch.ElapsedMilliseconds} ms, expires {TimeText.Minutes(token.ExpiresOn)}");

        var access = AccessProbe(resolved);
        var (status, ms, error, body) = await ProbeAsync(http, access, token.Token, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            report.Fail("access", $"{access.GetLeftPart(UriPartial.Authority)} {error} after {ms} ms: check the network and the proxy (HTTPS_PROXY)");
            return;
        }
        if (WorkloadErrors.FromAzureDevOps((System.Net.HttpStatusCode)status, body, target.Organization, token.Identity) is { } denied)
            report.Fail("access", $"{denied.Message} (GET {access.AbsolutePath} answered {status} in {ms} ms)");
        else
            report.Ok("access", $"GET {access.AbsolutePath} answered {status} in {ms} ms");
    }

    /// <summary>A request that needs read access: the repository's refs when the URL names one, else the organization's projects.</summary>
    private static Uri AccessProbe(AzureDevOpsRequest resolved)
    {
        var path = resolved.Request.Path;
        if (path is not null && path.Contains("/_git/", StringComparison.Ordinal))
            return new Uri($"https://{resolved.Request.Host}/{path.TrimEnd('/')}/info/refs?service=git-upload-pack");
        return new Uri(resolved.Target.OrganizationUrl + "/_apis/projects?api-version=7.1");
    }

    /// <summary>GET with timing; Body holds the start of the answer and Azure DevOps' error headers, for the error map.</summary>
    private static async Task<(int Status, long Ms, string? Error, string Body)> ProbeAsync(HttpClient http, Uri uri, Secret? bearer, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, uri);
        if (bearer is { } token)
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Reveal());
        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await http.SendAsync(message, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (body.Length > 4096)
                body = body[..4096];
            if (response.Headers.TryGetValues("X-TFS-ServiceError", out var values))
                body += " " + Uri.UnescapeDataString(string.Join(" ", values));
            return ((int)response.StatusCode, watch.ElapsedMilliseconds, null, body);
        }
        catch (HttpRequestException e)
        {
            return (0, watch.ElapsedMilliseconds, $"could not be reached ({(e.HttpRequestError == HttpRequestError.Unknown ? "connection failed" : e.HttpRequestError.ToString())})", "");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (0, watch.ElapsedMilliseconds, $"did not answer within {HttpTimeout.TotalSeconds:0} s (time-out)", "");
        }
    }

    private static void ReportCache(HelperContext context, HelperSettings settings, DiagnoseReport report, string partition, bool notCached)
    {
        if (notCached)
        {
            report.Info("token cache", "the Azure CLI keeps its own token cache; nothing is stored here");
            return;
        }
        try
        {
            var cache = settings.Cache(context.Paths);
            var persistence = TokenCachePersistence.Create(settings, context.Paths, HelperTrace.Disabled);
            persistence.Verify(); // first: it is what finds out whether a Secret Service answers at all
            var where = persistence.Describe(partition);
            var protection = cache.Protection == CacheProtection.PlainText ? "PLAIN TEXT, opted in by" : "protected by the operating system, chosen by";
            var why = persistence.SecretServiceAbsent is { } absent ? $" (no Secret Service is reachable: {absent})" : string.Empty;
            report.Ok("token cache", $"{protection} {cache.ProtectionOrigin}: {where}{why}; a probe entry round-tripped");
        }
        catch (HelperException e)
        {
            report.Fail("token cache", e.MessageWithHints);
        }
    }

    private static void ReportMemoryCache(HelperContext context, HelperSettings settings, DiagnoseReport report)
    {
        if (context.MemoryCache is not { } memory)
        {
            report.Info("memory cache", "Linux only: each get here takes the regular path");
        }
        else if (!settings.MemoryCacheEnabled)
        {
            report.Info("memory cache", $"off ({settings.DescribeSource(SettingKeys.MemoryCache)}): each get takes the regular path");
        }
        else if (memory.Probe() is { } refused)
        {
            report.Info("memory cache", $"not available ({refused}): each get takes the regular path");
        }
        else
        {
            report.Ok("memory cache", $"kernel keyring '{memory.KeyringName}' in {memory.Session}, possessor-only: a token is reused until 5 minutes before it expires");
        }
    }

    /// <summary>Every credential.* key git sees here, with the file it comes from; secret values as ***.</summary>
    private static async Task ConfigOriginsAsync(ICommandRunner runner, DiagnoseReport report, CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(new CommandSpec("git", ["config", "--show-origin", "--get-regexp", @"^credential\."], TimeSpan.FromSeconds(10)), cancellationToken).ConfigureAwait(false);
        if (result is not { ExitCode: 0 })
        {
            report.Info("config", "no credential.* keys in git config");
            return;
        }

        var secretNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var key in SettingKeys.All)
            if (key.IsSecret && key.GitConfigKey is { } name)
                secretNames.Add(name[(name.LastIndexOf('.') + 1)..]);

        foreach (var line in result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab < 0)
                continue;
            var origin = line[..tab];
            var rest = line[(tab + 1)..];
            var space = rest.IndexOf(' ', StringComparison.Ordinal);
            var key = space < 0 ? rest : rest[..space];
            var value = space < 0 ? "" : rest[(space + 1)..];
            var last = key[(key.LastIndexOf('.') + 1)..];
            if (secretNames.Contains(last) || last.Contains("secret", StringComparison.OrdinalIgnoreCase) || last.Contains("password", StringComparison.OrdinalIgnoreCase))
                value = "***";
            report.Info("config", $"{key}={Redactor.MaskInlineSecrets(value)} ({origin})");
        }
    }

    private static string TenantOrigin(TenantSource source) => source switch
    {
        TenantSource.Configured => "configuration",
        TenantSource.Challenge => "git's WWW-Authenticate challenge",
        TenantSource.Cache => "the per-organization cache",
        TenantSource.Probe => "an unauthenticated probe of the organization",
        _ => "unknown",
    };

    private static HttpClient CreateHttpClient(HelperContext context)
    {
        var handler = context.CreateHttpHandler();
        if (handler is SocketsHttpHandler sockets)
            sockets.AllowAutoRedirect = false; // never carry the token elsewhere
        return new HttpClient(handler) { Timeout = HttpTimeout };
    }
}
