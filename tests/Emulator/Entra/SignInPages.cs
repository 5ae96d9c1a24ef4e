using System.Net;

namespace Emulator.Entra;

/// <summary>
/// The small HTML pages a real (headless) browser fills in: account sign-in for /authorize and
/// code entry for device code sign-in. Field ids follow Entra's (i0116, idSIButton9, otc).
/// </summary>
internal static class SignInPages
{
    public static string SignIn(string action, string requestId, string? loginHint, string? error) => Page("Sign in to your account", $"""
        <form method="post" action="{Encode(action)}" id="signin">
          <input type="hidden" name="request" value="{Encode(requestId)}">
          <label for="i0116">Email, phone, or Skype</label>
          <input type="email" name="login" id="i0116" value="{Encode(loginHint)}" autocomplete="username" required>
          <label for="i0118">Password</label>
          <input type="password" name="passwd" id="i0118" autocomplete="current-password">
          <input type="submit" id="idSIButton9" value="Sign in">
        </form>
        """, error);

    public static string DeviceLogin(string action, string? error) => Page("Enter code", $"""
        <form method="post" action="{Encode(action)}" id="devicelogin">
          <label for="otc">Enter the code displayed on your app or device.</label>
          <input type="text" name="otc" id="otc" autocomplete="off" required>
          <label for="i0116">Email, phone, or Skype</label>
          <input type="email" name="login" id="i0116" autocomplete="username" required>
          <input type="submit" id="idSIButton9" value="Next">
        </form>
        """, error);

    public static string DeviceLoginDone(string clientName) => Page("You're signed in",
        $"<p id=\"done\">You have signed in to the {Encode(clientName)} application on your device. You may now close this window.</p>", null);

    public static string Error(string message) => Page("Sign in error", "", message);

    private static string Page(string title, string body, string? error) => $"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>{Encode(title)}</title></head>
        <body><h1>{Encode(title)}</h1>
        {(error is null ? "" : $"<div id=\"error\" role=\"alert\">{Encode(error)}</div>")}
        {body}
        </body></html>
        """;

    private static string Encode(string? value) => WebUtility.HtmlEncode(value ?? string.Empty);
}
