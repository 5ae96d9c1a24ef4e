using System.Text;
using System.Text.Json;
using GitEntraHelper.Diagnostics;
using GitEntraHelper.Identity;

namespace GitEntraHelper.Commands;

/// <summary>
/// `token [--org ORG | --url URL] [--format raw|header|json]`: an Azure DevOps access token for REST
/// calls (the `az account get-access-token` of this helper), from the same chain as `get`.
/// The token goes to stdout only; traces show it as ***.
/// </summary>
public static class TokenCommand
{
    public static string Usage => Help.HelpCatalogue.UsageOf("token");

    public static async Task<int> RunAsync(HelperContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        string? organization = null, url = null, format = "raw";
        for (int i = 0; i < args.Count; i++)
        {
            string? Next() => i + 1 < args.Count ? args[++i] : throw new HelperException($"{args[i]} needs a value; {Usage}", HelperException.UsageExitCode);
            switch (args[i])
            {
                case "--org" or "--organization":
                    organization = Next();
                    break;
                case "--url":
                    url = Next();
                    break;
                case "--format":
                    format = Next();
                    break;
                default:
                    if (args[i].StartsWith("--org=", StringComparison.Ordinal))
                        organization = args[i][6..];
                    else if (args[i].StartsWith("--url=", StringComparison.Ordinal))
                        url = args[i][6..];
                    else if (args[i].StartsWith("--format=", StringComparison.Ordinal))
                        format = args[i][9..];
                    else
                        throw new HelperException($"unknown argument '{args[i]}'; {Usage}", HelperException.UsageExitCode);
                    break;
            }
        }

        if (organization is not null && url is not null)
            throw new HelperException($"give --org or --url, not both; {Usage}", HelperException.UsageExitCode);
        if (format is not ("raw" or "header" or "json"))
            throw new HelperException($"unknown format '{format}': use raw, header or json", HelperException.UsageExitCode);

        var resolved = context.Pipeline.Remotes.ResolveRemote(organization, url);
        TokenPlan plan = await context.Pipeline.PlanAsync(resolved, TokenPurpose.Print, cancellationToken).ConfigureAwait(false);
        AccessTokenResult token;
        using (context.Trace.Time($"identity: {plan.Source.Name}"))
        {
            token = await plan.Source.GetTokenAsync(plan.Request, cancellationToken).ConfigureAwait(false);
        }
        context.Trace.Write("token", $"token {token.Token} for {token.Identity}, expires {token.ExpiresOn:u}, format {format}");

        var output = Format(token, format);
        await context.Output.WriteAsync(output, cancellationToken).ConfigureAwait(false);
        await context.Output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return 0;
    }

    /// <summary>raw: the token; header: an HTTP header line for curl -H @-; json: as az account get-access-token.</summary>
    internal static byte[] Format(AccessTokenResult token, string format)
    {
        switch (format)
        {
            case "header":
                return Encoding.UTF8.GetBytes($"Authorization: Bearer {token.Token.Reveal()}\n");
            case "json":
                using (var buffer = new MemoryStream())
                {
                    using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
                    {
                        json.WriteStartObject();
                        json.WriteString("accessToken", token.Token.Reveal());
                        json.WriteString("expiresOn", TimeText.Iso(token.ExpiresOn));
                        json.WriteNumber("expires_on", token.ExpiresOn.ToUnixTimeSeconds());
                        json.WriteString("tokenType", "Bearer");
                        json.WriteString("identity", token.Identity);
                        json.WriteEndObject();
                    }
                    buffer.WriteByte((byte)'\n');
                    return buffer.ToArray();
                }
            default:
                return Encoding.UTF8.GetBytes(token.Token.Reveal() + "\n");
        }
    }
}
