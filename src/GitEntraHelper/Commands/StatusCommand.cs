using System.Text;
using System.Text.Json;
using GitEntraHelper.Diagnostics;

namespace GitEntraHelper.Commands;

/// <summary>
/// `status [--json]`: each organization's account, tenant and cached token expiry, the signed-in
/// accounts and where the cache is; exit 1 when nobody is signed in (as `gh auth status`), so a script
/// can test it. Reads only: no network, no grant, no prompt (<see cref="SignedInState"/>).
/// </summary>
public static class StatusCommand
{
    public static string Usage => Help.HelpCatalogue.UsageOf("status");

    public static async Task<int> RunAsync(HelperContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        bool json = args switch
        {
            [] => false,
            ["--json"] => true,
            _ => throw new HelperException($"unknown argument '{args[0]}'; {Usage}", HelperException.UsageExitCode),
        };

        SignedInState state = await SignedInState.ReadAsync(context, cancellationToken).ConfigureAwait(false);
        byte[] bytes = json ? Json(state) : Encoding.UTF8.GetBytes(Text(state));
        await context.Output.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        await context.Output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return state.IsSignedIn ? 0 : 1;
    }

    internal static string Text(SignedInState state)
    {
        var text = new StringBuilder();
        text.AppendLine(state.IsSignedIn
            ? "signed in: " + string.Join(", ", state.Accounts)
            : "not signed in (git credential-entra login ORG signs in)");
        foreach (OrganizationState organization in state.Organizations)
        {
            var binding = organization.Binding;
            text.Append("  ").Append(binding.Organization).Append(": ").Append(binding.Username ?? "(asks at the next sign-in)");
            if (binding.TenantId is { } tenant)
            {
                text.Append(", tenant ").Append(tenant);
            }

            text.Append(", token ").AppendLine(organization.TokenExpiresOn is { } expires
                ? $"valid until {TimeText.Minutes(expires)}"
                : organization.TokenNote);
        }

        foreach (string location in state.CacheLocations)
        {
            text.Append("token cache: ").AppendLine(location);
        }

        if (state.Problem is { } problem)
        {
            text.Append("token cache: unreadable (").Append(problem).AppendLine(")");
        }

        return Redactor.Scrub(text.ToString());
    }

    internal static byte[] Json(SignedInState state)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteBoolean("signedIn", state.IsSignedIn);
            json.WriteStartArray("accounts");
            foreach (string account in state.Accounts)
            {
                json.WriteStringValue(account);
            }

            json.WriteEndArray();
            json.WriteStartArray("organizations");
            foreach (OrganizationState organization in state.Organizations)
            {
                json.WriteStartObject();
                json.WriteString("organization", organization.Binding.Organization);
                json.WriteString("account", organization.Binding.Username);
                json.WriteString("tenant", organization.Binding.TenantId);
                json.WriteBoolean("viaBroker", organization.Binding.ViaBroker);
                if (organization.TokenExpiresOn is { } expires)
                {
                    json.WriteString("tokenExpiresOn", TimeText.Iso(expires));
                }
                else
                {
                    json.WriteNull("tokenExpiresOn");
                }

                json.WriteString("token", organization.TokenNote);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("cache");
            foreach (string location in state.CacheLocations)
            {
                json.WriteStringValue(location);
            }

            json.WriteEndArray();
            if (state.Problem is { } problem)
            {
                json.WriteString("problem", Redactor.Scrub(problem));
            }

            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }
}
