using System.Text.Json.Nodes;

namespace Emulator.Admin;

/// <summary>Counters tests read through GET /stats (e.g. to prove concurrent processes share one sign-in, or which scheme git-lfs used).</summary>
internal sealed class Stats
{
    private long _signIns;
    private long _authorizationCodeGrants;
    private long _deviceCodeGrants;
    private long _refreshTokenGrants;
    private long _clientCredentialsGrants;
    private long _managedIdentityGrants;
    private long _failedTokenRequests;
    private long _lfsBatchRequests;
    private long _lfsUploads;
    private long _lfsDownloads;
    private long _lfsBearerRequests;
    private long _lfsBasicRequests;
    private long _accountPickers;

    public void SignIn() => Interlocked.Increment(ref _signIns);
    public void AuthorizationCodeGrant() => Interlocked.Increment(ref _authorizationCodeGrants);
    public void DeviceCodeGrant() => Interlocked.Increment(ref _deviceCodeGrants);
    public void RefreshTokenGrant() => Interlocked.Increment(ref _refreshTokenGrants);
    public void ClientCredentialsGrant() => Interlocked.Increment(ref _clientCredentialsGrants);
    public void ManagedIdentityGrant() => Interlocked.Increment(ref _managedIdentityGrants);
    public void FailedTokenRequest() => Interlocked.Increment(ref _failedTokenRequests);
    public void LfsBatch() => Interlocked.Increment(ref _lfsBatchRequests);
    public void LfsUpload() => Interlocked.Increment(ref _lfsUploads);
    public void LfsDownload() => Interlocked.Increment(ref _lfsDownloads);

    /// <summary>An authorize request with prompt=select_account: Entra shows its account picker.</summary>
    public void AccountPicker() => Interlocked.Increment(ref _accountPickers);

    /// <summary>An authenticated Git LFS request (batch, transfer or verify), by the scheme it carried.</summary>
    public void LfsRequest(bool bearer)
    {
        if (bearer)
        {
            Interlocked.Increment(ref _lfsBearerRequests);
        }
        else
        {
            Interlocked.Increment(ref _lfsBasicRequests);
        }
    }

    public void Reset()
    {
        Interlocked.Exchange(ref _signIns, 0);
        Interlocked.Exchange(ref _authorizationCodeGrants, 0);
        Interlocked.Exchange(ref _deviceCodeGrants, 0);
        Interlocked.Exchange(ref _refreshTokenGrants, 0);
        Interlocked.Exchange(ref _clientCredentialsGrants, 0);
        Interlocked.Exchange(ref _managedIdentityGrants, 0);
        Interlocked.Exchange(ref _failedTokenRequests, 0);
        Interlocked.Exchange(ref _lfsBatchRequests, 0);
        Interlocked.Exchange(ref _lfsUploads, 0);
        Interlocked.Exchange(ref _lfsDownloads, 0);
        Interlocked.Exchange(ref _lfsBearerRequests, 0);
        Interlocked.Exchange(ref _lfsBasicRequests, 0);
        Interlocked.Exchange(ref _accountPickers, 0);
    }

    /// <param name="activePats">Personal access tokens neither revoked nor expired (a state, not a counter: reset keeps it).</param>
    public JsonObject ToJson(int activePats)
    {
        long Read(ref long field) => Interlocked.Read(ref field);
        var authorizationCode = Read(ref _authorizationCodeGrants);
        var deviceCode = Read(ref _deviceCodeGrants);
        var refresh = Read(ref _refreshTokenGrants);
        var clientCredentials = Read(ref _clientCredentialsGrants);
        var managedIdentity = Read(ref _managedIdentityGrants);
        return new JsonObject
        {
            ["signIns"] = Read(ref _signIns),
            // Every successful token grant, managed identity included.
            ["tokenRequests"] = authorizationCode + deviceCode + refresh + clientCredentials + managedIdentity,
            ["authorizationCodeGrants"] = authorizationCode,
            ["deviceCodeGrants"] = deviceCode,
            ["refreshTokenGrants"] = refresh,
            ["clientCredentialsGrants"] = clientCredentials,
            ["managedIdentityGrants"] = managedIdentity,
            ["failedTokenRequests"] = Read(ref _failedTokenRequests),
            ["activePats"] = activePats,
            ["lfsBatchRequests"] = Read(ref _lfsBatchRequests),
            ["lfsUploads"] = Read(ref _lfsUploads),
            ["lfsDownloads"] = Read(ref _lfsDownloads),
            ["lfsBearerRequests"] = Read(ref _lfsBearerRequests),
            ["lfsBasicRequests"] = Read(ref _lfsBasicRequests),
            ["accountPickers"] = Read(ref _accountPickers),
        };
    }
}
