using Emulator.Admin;

namespace Emulator.Entra;

/// <summary>
/// Applies the authority switches to every Entra and managed identity request: an added delay
/// (authority-delay) and a forced failure status (authority-fail). Also echoes client-request-id.
/// </summary>
internal static class AuthorityConditions
{
    public static async Task ApplyAsync(Switches switches, HttpContext http, Func<Task> next)
    {
        if (http.Request.Headers["client-request-id"].FirstOrDefault() is { Length: > 0 } requestId)
        {
            http.Response.Headers["client-request-id"] = requestId;
        }

        http.Response.Headers["x-ms-request-id"] = Guid.NewGuid().ToString();
        if (switches.AuthorityDelayMs is > 0 and var delay)
        {
            await Task.Delay(delay, http.RequestAborted);
        }

        if (switches.AuthorityFailStatus is > 0 and var status)
        {
            await EntraError.TemporarilyUnavailable(status).WriteAsync(http);
            return;
        }

        await next();
    }
}
