using System.Globalization;
using GitEntraHelper.Diagnostics;
using GitEntraHelper.Platform;
using Microsoft.Identity.Client;

namespace GitEntraHelper.Identity.User;

/// <summary>
/// Device code: the instructions go to the terminal (stderr, never stdout), and the wait ends when the
/// code expires — MSAL polls until then, and a timer of our own makes sure of it.
/// </summary>
internal sealed class DeviceCodeSignIn(IMsalUserClientFactory clients, ITerminal terminal, TimeProvider time, HelperTrace trace, TimeSpan? grace = null) : IInteractiveSignIn
{
    /// <summary>Slack after the code's expiry for MSAL's last poll to come back.</summary>
    private readonly TimeSpan _grace = grace ?? TimeSpan.FromSeconds(5);

    public async Task<AuthenticationResult> SignInAsync(SignInRequest request, CancellationToken cancellationToken)
    {
        using var expiry = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        IMsalUserClient client = clients.Create(request.Tenant, broker: false);
        try
        {
            return await client.AcquireWithDeviceCodeAsync(request.Claims, code => Show(code, expiry), expiry.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Expired(request);
        }
        // Entra answers expired_token (AADSTS70020) when polled after the code's life; MSAL stops polling at
        // the code's expires_in itself and throws code_expired as a client exception: both mean the same.
        catch (MsalException e) when (e.ErrorCode is "code_expired" or "expired_token")
        {
            throw Expired(request);
        }
    }

    private Task Show(DeviceCodeInfo code, CancellationTokenSource expiry)
    {
        TimeSpan lifetime = code.ExpiresOn - time.GetUtcNow();
        if (lifetime < TimeSpan.Zero)
        {
            lifetime = TimeSpan.Zero;
        }

        expiry.CancelAfter(lifetime + _grace);
        int minutes = Math.Max(1, (int)Math.Round(lifetime.TotalMinutes));
        terminal.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"To sign in to Azure DevOps, open {code.VerificationUrl} and enter the code {code.UserCode} (valid for {minutes} min)."));
        trace.Write("signin", $"device code shown; expires in {lifetime.TotalSeconds:0} s");
        return Task.CompletedTask;
    }

    private static HelperException Expired(SignInRequest request) =>
        new($"the device code for '{request.Target.Organization}' expired before sign-in completed: run the git command again");
}
