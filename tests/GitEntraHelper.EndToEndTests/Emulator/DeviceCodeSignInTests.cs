using GitEntraHelper.EndToEndTests.Infrastructure;
using LibGit2Sharp;
using Microsoft.Identity.Client;

namespace GitEntraHelper.EndToEndTests.Emulator;

/// <summary>The real MSAL signs in by device code against the emulator; the real git uses the token.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class DeviceCodeSignInTests(EmulatorFixture emulator)
{
    [Fact]
    public async Task Msal_device_code_token_clones_and_pushes_with_real_git()
    {
        var app = EmulatorMsal.PublicClient(emulator);
        DeviceCodeResult? shown = null;
        var result = await app.AcquireTokenWithDeviceCode(EmulatorMsal.AzureDevOpsScopes, code =>
        {
            shown = code;
            return Task.CompletedTask;
        }).ExecuteAsync();

        Assert.NotNull(shown);
        Assert.Matches("^[A-Z0-9]{9}$", shown!.UserCode);
        Assert.StartsWith(emulator.AuthorityHost, shown.VerificationUrl, StringComparison.Ordinal);
        Assert.Equal(emulator.User, result.Account.Username);
        Assert.Equal(emulator.TenantId, result.TenantId);
        Assert.Equal("Bearer", result.TokenType);
        Assert.True(result.ExpiresOn > DateTimeOffset.UtcNow.AddMinutes(30));

        using var git = new GitProcess(emulator);
        var clone = git.NewDirectory("clone");
        var cloned = await git.RunWithHeaderAsync(null, "Bearer " + result.AccessToken, "clone", emulator.RepositoryUrl(), clone);
        Assert.True(cloned.ExitCode == 0, cloned.StdErr);
        Assert.True(File.Exists(Path.Combine(clone, "README.md")));

        await File.WriteAllTextAsync(Path.Combine(clone, "device-code.txt"), "pushed with a device code token\n");
        Assert.Equal(0, (await git.RunAsync(clone, "add", "device-code.txt")).ExitCode);
        Assert.Equal(0, (await git.RunAsync(clone, "commit", "-m", "Push with a device code token")).ExitCode);
        var pushed = await git.RunWithHeaderAsync(clone, "Bearer " + result.AccessToken, "push", "origin", "HEAD:refs/heads/device-code");
        Assert.True(pushed.ExitCode == 0, pushed.StdErr);

        using var bare = new Repository(emulator.BareRepositoryPath());
        var pushedCommit = bare.Branches["device-code"].Tip;
        Assert.Equal("Push with a device code token", pushedCommit.MessageShort);
        Assert.Equal("author@contoso.example", pushedCommit.Author.Email);
    }

    [Fact]
    public async Task Cached_account_gets_a_token_silently_and_refresh_is_counted()
    {
        var app = EmulatorMsal.PublicClient(emulator);
        await app.AcquireTokenWithDeviceCode(EmulatorMsal.AzureDevOpsScopes, _ => Task.CompletedTask).ExecuteAsync();
        var account = Assert.Single(await app.GetAccountsAsync());

        var cached = await app.AcquireTokenSilent(EmulatorMsal.AzureDevOpsScopes, account).ExecuteAsync();
        Assert.Equal(TokenSource.Cache, cached.AuthenticationResultMetadata.TokenSource);

        var before = await emulator.StatAsync("refreshTokenGrants");
        var refreshed = await app.AcquireTokenSilent(EmulatorMsal.AzureDevOpsScopes, account).WithForceRefresh(true).ExecuteAsync();
        Assert.Equal(TokenSource.IdentityProvider, refreshed.AuthenticationResultMetadata.TokenSource);
        Assert.NotEqual(cached.AccessToken, refreshed.AccessToken);
        Assert.Equal(before + 1, await emulator.StatAsync("refreshTokenGrants"));
    }
}
