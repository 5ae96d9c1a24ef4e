using System.Globalization;
using System.Text;
using System.Text.Json;
using GitEntraHelper.Diagnostics;
using GitEntraHelper.Platform;

namespace GitEntraHelper.Identity.Workload;

/// <summary>
/// The Azure CLI's signed-in session (opt-in): runs
/// <c>az account get-access-token --resource 499b84ac-… --tenant T -o json</c> with a time-out and reads
/// its JSON. The CLI keeps its own token cache, so nothing is cached here: a later <c>az login</c> as
/// someone else takes effect at once.
/// </summary>
internal sealed class AzureCliTokenSource : ITokenSource
{

    /// <summary>The Azure CLI owns this session (`az account set`, `az logout`): ask it on every get.</summary>
    public bool MayBeRemembered => false;

    private readonly ICommandRunner _runner;
    private readonly TimeSpan _timeout;
    private readonly string? _tenantId;

    public AzureCliTokenSource(ICommandRunner runner, TimeSpan timeout, string? tenantId = null)
    {
        _runner = runner;
        _timeout = timeout;
        _tenantId = string.IsNullOrWhiteSpace(tenantId) ? null : tenantId;
    }

    public string Name => "azure-cli";

    public async Task<AccessTokenResult> GetTokenAsync(TokenRequest request, CancellationToken cancellationToken)
    {
        var tenant = _tenantId ?? request.Target.TenantId;
        List<string> args = ["account", "get-access-token", "--resource", Entra.AzureDevOpsResource];
        if (tenant is not null && tenant != "organizations")
            args.AddRange(["--tenant", tenant]);
        args.AddRange(["-o", "json"]);

        var result = await _runner.RunAsync(new CommandSpec("az", args, _timeout), cancellationToken).ConfigureAwait(false)
            ?? throw new HelperException("The Azure CLI (az) is not on PATH: install it, or turn off credential.entraAzureCli.");
        if (result.TimedOut)
            throw new HelperException($"The Azure CLI did not answer within {_timeout.TotalSeconds:0} s: run `az account get-access-token --resource {Entra.AzureDevOpsResource}` to see why, or turn off credential.entraAzureCli.");
        if (result.ExitCode != 0)
            throw MapFailure(result.StandardError, tenant);

        return Parse(result.StandardOutput, DateTimeOffset.UtcNow)
            ?? throw new HelperException("The Azure CLI answered without an access token: update it (`az upgrade`), or turn off credential.entraAzureCli.");
    }

    public Task ForgetAsync(TokenRequest request, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Reads accessToken and expires_on (epoch seconds; newer CLIs) or expiresOn (local time; older CLIs).</summary>
    internal static AccessTokenResult? Parse(string json, DateTimeOffset now)
    {
        string? token = null, expiresOnLocal = null, tenant = null;
        long? expiresOnEpoch = null;
        try
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                return null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                switch (name)
                {
                    case "accessToken" when reader.TokenType == JsonTokenType.String:
                        token = reader.GetString();
                        break;
                    case "expires_on" when reader.TokenType == JsonTokenType.Number:
                        expiresOnEpoch = reader.GetInt64();
                        break;
                    case "expires_on" when reader.TokenType == JsonTokenType.String && long.TryParse(reader.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var e):
                        expiresOnEpoch = e;
                        break;
                    case "expiresOn" when reader.TokenType == JsonTokenType.String:
                        expiresOnLocal = reader.GetString();
                        break;
                    case "tenant" when reader.TokenType == JsonTokenType.String:
                        tenant = reader.GetString();
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }
        }
        catch (JsonException)
        {
            return null;
        }
        if (string.IsNullOrEmpty(token))
            return null;

        DateTimeOffset expires;
        if (expiresOnEpoch is { } epoch)
            expires = DateTimeOffset.FromUnixTimeSeconds(epoch);
        else if (expiresOnLocal is not null && DateTime.TryParse(expiresOnLocal, CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out var local))
            expires = new DateTimeOffset(local);
        else
            expires = now.AddMinutes(5); // unknown: assume short-lived so git asks again soon

        return new AccessTokenResult(new Secret(token), expires, tenant is null ? "Azure CLI session" : $"Azure CLI session (tenant {tenant})");
    }

    internal static HelperException MapFailure(string stderr, string? tenant)
    {
        var login = tenant is null ? "az login" : $"az login --tenant {tenant}";
        if (stderr.Contains("az login", StringComparison.OrdinalIgnoreCase) || stderr.Contains("AADSTS70043", StringComparison.Ordinal)
            || stderr.Contains("AADSTS700082", StringComparison.Ordinal) || stderr.Contains("No subscription found", StringComparison.OrdinalIgnoreCase))
            return new HelperException($"The Azure CLI is not signed in, or its session expired: run `{login}`, or turn off credential.entraAzureCli.");
        var first = FirstErrorLine(stderr);
        return new HelperException($"`az account get-access-token` failed ({first}): run it yourself to see why, or turn off credential.entraAzureCli.");
    }

    private static string FirstErrorLine(string stderr)
    {
        foreach (var raw in stderr.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("ERROR:", StringComparison.OrdinalIgnoreCase))
                return WorkloadErrors.FirstLine(line[6..].Trim());
        }
        var trimmed = stderr.Trim();
        return trimmed.Length == 0 ? "no error output" : WorkloadErrors.FirstLine(trimmed);
    }
}
