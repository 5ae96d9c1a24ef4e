namespace Emulator.Entra;

/// <summary>GET/POST /devicelogin: the page where a user enters a device code and approves it.</summary>
internal static class DeviceLoginEndpoint
{
    public static Task ShowAsync(EmulatorContext context, HttpContext http) =>
        AuthorizeEndpoint.HtmlPageAsync(http, 200, SignInPages.DeviceLogin(context.Urls.AuthorityHost + "devicelogin", null));

    public static async Task SubmitAsync(EmulatorContext context, HttpContext http)
    {
        var form = await http.Request.ReadFormAsync();
        var action = context.Urls.AuthorityHost + "devicelogin";
        var authorization = context.DeviceCodes.FindByUserCode(form["otc"].ToString());
        if (authorization is null || authorization.ExpiresAt <= DateTimeOffset.UtcNow)
        {
            await AuthorizeEndpoint.HtmlPageAsync(http, 200, SignInPages.DeviceLogin(action,
                "AADSTS70016: That code didn't work. Check the code and try again."));
            return;
        }

        var user = context.Catalog.FindUser(form["login"].ToString());
        if (user is null)
        {
            await AuthorizeEndpoint.HtmlPageAsync(http, 200, SignInPages.DeviceLogin(action,
                $"AADSTS50034: The user account {form["login"]} does not exist in the directory."));
            return;
        }

        if (!SignIn(context, authorization, user))
        {
            var blocked = EntraError.DeviceCodeBlockedByConditionalAccess();
            await AuthorizeEndpoint.HtmlPageAsync(http, 200, SignInPages.DeviceLogin(action, $"AADSTS{blocked.Code}: {blocked.Description}"));
            return;
        }

        await AuthorizeEndpoint.HtmlPageAsync(http, 200, SignInPages.DeviceLoginDone(authorization.Client.DisplayName));
    }

    /// <summary>
    /// The user finished signing in for a device code: approved, unless Conditional Access blocks the
    /// device code flow (then the poll gets AADSTS53003). False when blocked.
    /// </summary>
    public static bool SignIn(EmulatorContext context, DeviceAuthorization authorization, Model.User user)
    {
        if (context.Switches.BlockDeviceCode)
        {
            authorization.Block();
            return false;
        }

        authorization.Approve(user);
        context.Stats.SignIn();
        return true;
    }
}
