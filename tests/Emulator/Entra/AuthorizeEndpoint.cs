using System.Text;
using Emulator.Hosting;
using Emulator.Model;
using Microsoft.AspNetCore.WebUtilities;

namespace Emulator.Entra;

/// <summary>
/// GET /{tenant}/oauth2/v2.0/authorize: checks client, loopback redirect URI and scope, then
/// either approves at once (auto-approve) or shows the sign-in page; POST /{tenant}/login is that
/// page's submit. Approval redirects to the client's redirect URI with code, state and client_info.
/// </summary>
internal static class AuthorizeEndpoint
{
    public static async Task AuthorizeAsync(EmulatorContext context, HttpContext http)
    {
        var query = http.Request.Query;
        var segment = (string)http.GetRouteValue("tenant")!;
        if (TenantResolver.Resolve(context.Catalog, segment, out var tenant) is { } tenantError)
        {
            await HtmlAsync(http, 400, SignInPages.Error($"AADSTS{tenantError.Code}: {tenantError.Description}"));
            return;
        }

        if (TenantResolver.FindClient(context.Catalog, query["client_id"], segment, tenant, out var client) is { } clientError)
        {
            await HtmlAsync(http, 400, SignInPages.Error($"AADSTS{clientError.Code}: {clientError.Description}"));
            return;
        }

        var redirectUri = query["redirect_uri"].ToString();
        if (!client!.IsPublicClient || !IsLoopback(redirectUri))
        {
            await HtmlAsync(http, 400, SignInPages.Error(
                $"AADSTS50011: The redirect URI '{redirectUri}' specified in the request does not match the redirect URIs configured for the application '{client.ClientId}'."));
            return;
        }

        var request = new AuthorizationRequest(
            Id: UrlSafe.RandomToken(18),
            TenantSegment: segment,
            Client: client,
            RedirectUri: redirectUri,
            State: query["state"],
            CodeChallenge: query["code_challenge"],
            CodeChallengeMethod: query["code_challenge_method"],
            Scope: query["scope"].ToString(),
            Nonce: query["nonce"],
            Claims: query["claims"],
            LoginHint: query["login_hint"],
            ResponseMode: query["response_mode"].FirstOrDefault() ?? "query");

        if (query["response_type"] != "code")
        {
            await RedirectErrorAsync(http, request, "unsupported_response_type", "AADSTS900144: The request body must contain the following parameter: 'response_type'.");
            return;
        }

        if (ScopeRequest.Parse(request.Scope, out var scopeError) is null)
        {
            await RedirectErrorAsync(http, request, scopeError!.Error, $"AADSTS{scopeError.Code}: {scopeError.Description}");
            return;
        }

        // prompt=select_account: Entra shows its account picker even for a signed-in browser session
        // (learn.microsoft.com "OAuth 2.0 authorization code flow", the prompt parameter); the picker is the
        // sign-in page itself here, and the count lets tests see that it was asked for.
        if (string.Equals(query["prompt"], "select_account", StringComparison.Ordinal))
        {
            context.Stats.AccountPicker();
        }

        if (context.Switches.AutoApproval.ApproverFor(context.Catalog, segment) is { } user)
        {
            await ApproveAsync(context, http, request, user);
            return;
        }

        context.Authorizations.AddPending(request);
        await HtmlAsync(http, 200, SignInPages.SignIn($"{context.Urls.AuthorityHost}{segment}/login", request.Id, request.LoginHint, null));
    }

    public static async Task SubmitSignInAsync(EmulatorContext context, HttpContext http)
    {
        var form = await http.Request.ReadFormAsync();
        var request = context.Authorizations.FindPending(form["request"].ToString());
        if (request is null)
        {
            await HtmlAsync(http, 400, SignInPages.Error("AADSTS900561: The sign-in request has expired or was already used. Start again from your application."));
            return;
        }

        var user = context.Catalog.FindUser(form["login"].ToString());
        if (user is null)
        {
            var tenantName = request.TenantSegment;
            await HtmlAsync(http, 200, SignInPages.SignIn(http.Request.Path, request.Id, form["login"],
                $"AADSTS50034: The user account {form["login"]} does not exist in the {tenantName} directory. To sign into this application, the account must be added to the directory."));
            return;
        }

        context.Authorizations.TakePending(request.Id);
        await ApproveAsync(context, http, request, user);
    }

    private static async Task ApproveAsync(EmulatorContext context, HttpContext http, AuthorizationRequest request, User user)
    {
        TenantResolver.Resolve(context.Catalog, request.TenantSegment, out var tenant);
        if (TenantResolver.CheckUser(user, request.TenantSegment, tenant, request.Client) is { } wrongTenant)
        {
            await RedirectErrorAsync(http, request, "access_denied", $"AADSTS{wrongTenant.Code}: {wrongTenant.Description}");
            return;
        }

        context.Stats.SignIn();
        var code = context.Authorizations.IssueCode(user, request);
        var parameters = new Dictionary<string, string?>
        {
            ["code"] = code,
            ["client_info"] = Tokens.EntraTokenFactory.ClientInfo(user),
            ["state"] = request.State,
            ["session_state"] = Guid.NewGuid().ToString(),
        };
        await RespondAsync(http, request, parameters);
    }

    private static Task RedirectErrorAsync(HttpContext http, AuthorizationRequest request, string error, string description) =>
        RespondAsync(http, request, new Dictionary<string, string?>
        {
            ["error"] = error,
            ["error_description"] = description,
            ["state"] = request.State,
        });

    /// <summary>query: 302 to the redirect URI; form_post: a page that posts the parameters there.</summary>
    private static Task RespondAsync(HttpContext http, AuthorizationRequest request, Dictionary<string, string?> parameters)
    {
        var present = parameters.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value);
        if (request.ResponseMode == "form_post")
        {
            var inputs = new StringBuilder();
            foreach (var (name, value) in present)
            {
                inputs.Append(System.Globalization.CultureInfo.InvariantCulture,
                    $"<input type=\"hidden\" name=\"{System.Net.WebUtility.HtmlEncode(name)}\" value=\"{System.Net.WebUtility.HtmlEncode(value)}\">");
            }

            return HtmlAsync(http, 200, $"""
                <!DOCTYPE html><html><head><title>Working...</title></head>
                <body onload="document.forms[0].submit()"><form method="post" action="{System.Net.WebUtility.HtmlEncode(request.RedirectUri)}">{inputs}<noscript><input type="submit" value="Continue"></noscript></form></body></html>
                """);
        }

        http.Response.Redirect(QueryHelpers.AddQueryString(request.RedirectUri, present));
        return Task.CompletedTask;
    }

    /// <summary>Public clients use loopback redirect URIs (any port), as registered for the Azure Repos client.</summary>
    private static bool IsLoopback(string redirectUri) =>
        Uri.TryCreate(redirectUri, UriKind.Absolute, out var uri)
        && uri.Scheme == Uri.UriSchemeHttp
        && (uri.Host == "localhost" || uri.Host == "127.0.0.1");

    private static Task HtmlAsync(HttpContext http, int status, string html)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/html; charset=utf-8";
        return http.Response.WriteAsync(html);
    }

    public static Task HtmlPageAsync(HttpContext http, int status, string html) => HtmlAsync(http, status, html);
}
