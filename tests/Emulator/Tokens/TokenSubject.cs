using Emulator.Model;

namespace Emulator.Tokens;

/// <summary>Who a token is for: a signed-in user (through a client app) or an app / managed identity itself.</summary>
internal sealed record TokenSubject(Tenant Tenant, ClientApp Client, User? User, ClientAuthentication Authentication)
{
    public string ObjectId => User?.ObjectId ?? Client.ObjectId;

    /// <summary>A Microsoft account's tokens come from the MSA transfer tenant (pass-through), everyone else's from their tenant.</summary>
    public static TokenSubject ForUser(User user, ClientApp client) => new(user.AccessTokenTenant, client, user, ClientAuthentication.None);

    public static TokenSubject ForApp(ClientApp client, ClientAuthentication how) => new(client.Tenant, client, null, how);
}

/// <summary>How the client proved itself; becomes the azpacr claim (0 public, 1 secret, 2 certificate/assertion).</summary>
internal enum ClientAuthentication { None = 0, Secret = 1, Assertion = 2 }
