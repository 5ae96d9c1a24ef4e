namespace Emulator.DevOps;

/// <summary>
/// What the vssps endpoint answers a token it does not take as a signed-in user (an app token at the
/// PAT API): a 302 to the sign-in page with an HTML "Object moved" body (public capture:
/// MicrosoftDocs/azure-devops-docs#13661), and the page itself at /_signin.
/// </summary>
internal static class SignInRedirect
{
    public const string Segment = "_signin";

    public static Task WriteAsync(EmulatorContext context, HttpContext http)
    {
        var request = http.Request;
        var realm = new Uri(context.Urls.DevOpsUrl).Authority;
        var replyTo = $"{context.Urls.DevOpsUrl}{request.Path}{request.QueryString}";
        var location = $"{context.Urls.DevOpsUrl}/{Segment}?realm={Uri.EscapeDataString(realm)}&reply_to={Uri.EscapeDataString(replyTo)}";
        http.Response.StatusCode = StatusCodes.Status302Found;
        http.Response.Headers.Location = location;
        http.Response.ContentType = "text/html; charset=utf-8";
        var encoded = System.Net.WebUtility.HtmlEncode(location);
        return http.Response.WriteAsync($"<html><head><title>Object moved</title></head><body>\r\n<h2>Object moved to <a href=\"{encoded}\">here</a>.</h2>\r\n</body></html>\r\n");
    }

    /// <summary>GET /_signin: the (browser-only) sign-in page a redirected client lands on.</summary>
    public static Task PageAsync(HttpContext http)
    {
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "text/html; charset=utf-8";
        return http.Response.WriteAsync("<!DOCTYPE html><html><head><title>Azure DevOps</title></head><body><p>Sign in to Azure DevOps in a web browser.</p></body></html>\n");
    }
}
