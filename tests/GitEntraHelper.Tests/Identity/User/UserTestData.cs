using GitEntraHelper.AzureDevOps;
using GitEntraHelper.Identity;
using GitEntraHelper.Identity.User;
using GitEntraHelper.Platform;
using GitEntraHelper.Settings;
using Microsoft.Identity.Client;

namespace GitEntraHelper.Tests.Identity.User;

/// <summary>Accounts, results and targets shared by the signed-in user tests.</summary>
internal static class UserTestData
{
    public const string Tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    public const string OtherTenant = "f8cdef31-a31e-4b4a-93e4-5f571e91255a";

    public static AzureDevOpsTarget Target(string organization = "contoso", string? tenant = Tenant) =>
        new(new Uri($"https://dev.azure.com/{organization}"), organization, tenant, TenantSource.Challenge);

    public static TokenRequest Request(string organization = "contoso", string? claims = null, string? tenant = Tenant, InteractionDecision? interaction = null) =>
        new(Target(organization, tenant), claims, RefusedToken: null, interaction ?? new InteractionDecision(true, Terminal: true, Desktop: false, null));

    /// <summary>The fingerprint git's retry or erase names for a refused token.</summary>
    public static string Refused(string token) => GitEntraHelper.Protocol.TokenFingerprint.Of(new GitEntraHelper.Diagnostics.Secret(token));

    public static IAccount Account(string username, string tenant = Tenant, string? objectId = null)
    {
        objectId ??= Guid.NewGuid().ToString();
        return new TestAccount(username, "login.example", new AccountId($"{objectId}.{tenant}", objectId, tenant));
    }

    public static AuthenticationResult Result(string token, IAccount account, string tenant = Tenant, TokenSource source = TokenSource.Cache) =>
        new(token, false, account.HomeAccountId.ObjectId, DateTimeOffset.UtcNow.AddHours(1), DateTimeOffset.UtcNow.AddHours(1),
            tenant, account, null, ["499b84ac-1321-427f-aa17-267ca6975798/.default"], Guid.Empty, new AuthenticationResultMetadata(source));
}

/// <summary>A plain account (not a substitute, so building results inside Returns() is safe).</summary>
internal sealed record TestAccount(string Username, string Environment, AccountId HomeAccountId) : IAccount;

/// <summary>Bindings in memory, counting writes (a cached get must not write).</summary>
internal sealed class MemoryBindingStore : IAccountBindingStore
{
    private readonly Dictionary<string, AccountBinding> _bindings = new(StringComparer.OrdinalIgnoreCase);

    public int Saves { get; private set; }

    public AccountBinding? this[string organization] => _bindings.GetValueOrDefault(organization);

    public Task<AccountBinding?> GetAsync(string organization, CancellationToken cancellationToken) =>
        Task.FromResult(_bindings.GetValueOrDefault(organization));

    public Task<IReadOnlyList<AccountBinding>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<AccountBinding>>(_bindings.Values.ToList());

    public Task SaveAsync(AccountBinding binding, CancellationToken cancellationToken)
    {
        Saves++;
        _bindings[binding.Organization] = binding;
        return Task.CompletedTask;
    }

    public Task<bool> RemoveAsync(string organization, CancellationToken cancellationToken) =>
        Task.FromResult(_bindings.Remove(organization));
}

/// <summary>Records what the user was shown.</summary>
internal sealed class RecordingTerminal(bool available = true) : ITerminal
{
    public List<string> Lines { get; } = [];

    public bool IsAvailable => available;

    public void WriteLine(string line) => Lines.Add(line);
}
