using GitEntraHelper.EndToEndTests.Infrastructure;

namespace GitEntraHelper.EndToEndTests.Workload;

/// <summary>
/// git ≥ 2.46's retry marker names the token Azure DevOps refused; a forged or stale marker must not make the
/// helper ask Entra for a token on every call (before: 32 calls → 32 grants). A real retry still refreshes.
/// </summary>
[Collection(WorkloadCollection.Name)]
public sealed class ForgedRetryTests(WorkloadEmulator emulator, SecretStoreFixture keyring)
{
    [OsFact(TestOs.All)]
    public async Task A_forged_state_marker_costs_no_grant_and_a_real_one_refreshes_once()
    {
        using var sandbox = WorkloadSandbox.Create(emulator, keyring.Store, "service-principal-secret", GitKind.New);
        string url = emulator.RepositoryUrl();
        string path = new Uri(url).AbsolutePath.TrimStart('/');
        string request = $"protocol=https\nhost={new Uri(url).Authority}\npath={path}\ncapability[]=authtype\ncapability[]=state\n";
        var first = sandbox.Helper(request + "\n", "get").EnsureSuccess();
        string token = Value(first.StdOut, "credential");
        string marker = Value(first.StdOut, "state[]");
        long before = await emulator.StatAsync("clientCredentialsGrants");

        for (int i = 0; i < 32; i++)
        {
            var forged = sandbox.Helper(request + $"state[]=entra:token=forged{i}\n\n", "get").EnsureSuccess();
            Assert.Equal(token, Value(forged.StdOut, "credential"));
        }

        Assert.Equal(before, await emulator.StatAsync("clientCredentialsGrants"));

        var retry = sandbox.Helper(request + $"state[]={marker}\n\n", "get").EnsureSuccess();
        Assert.NotEqual(token, Value(retry.StdOut, "credential"));
        Assert.Equal(before + 1, await emulator.StatAsync("clientCredentialsGrants"));
    }

    private static string Value(string output, string key) =>
        output.Split('\n').First(l => l.StartsWith(key + "=", StringComparison.Ordinal))[(key.Length + 1)..];
}
