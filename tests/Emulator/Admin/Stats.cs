using System.Text.Json.Nodes;

namespace Emulator.Admin;

/// <summary>Counters tests read through GET /stats (e.g. to prove concurrent processes share one sign-in).</summary>
internal sealed class Stats
{
    private long _signIns;
    private long _authorizationCodeGrants;
    private long _deviceCodeGrants;
    private long _refreshTokenGrants;
    private long _clientCredentialsGrants;
    private long _managedIdentityGrants;
    private long _failedTokenRequests;

    public void SignIn() => Interlocked.Increment(ref _signIns);
    public void AuthorizationCodeGrant() => Interlocked.Increment(ref _authorizationCodeGrants);
    public void DeviceCodeGrant() => Interlocked.Increment(ref _deviceCodeGrants);
    public void RefreshTokenGrant() => Interlocked.Increment(ref _refreshTokenGrants);
    public void ClientCredentialsGrant() => Interlocked.Increment(ref _clientCredentialsGrants);
    public void ManagedIdentityGrant() => Interlocked.Increment(ref _managedIdentityGrants);
    public void FailedTokenRequest() => Interlocked.Increment(ref _failedTokenRequests);

    public void Reset()
    {
        Interlocked.Exchange(ref _signIns, 0);
        Interlocked.Exchange(ref _authorizationCodeGrants, 0);
        Interlocked.Exchange(ref _deviceCodeGrants, 0);
        Interlocked.Exchange(ref _refreshTokenGrants, 0);
        Interlocked.Exchange(ref _clientCredentialsGrants, 0);
        Interlocked.Exchange(ref _managedIdentityGrants, 0);
        Interlocked.Exchange(ref _failedTokenRequests, 0);
    }

    public JsonObject ToJson()
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
        };
    }
}
