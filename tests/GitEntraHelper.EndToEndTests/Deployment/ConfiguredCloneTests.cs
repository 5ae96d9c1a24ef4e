using GitEntraHelper.EndToEndTests.Infrastructure;

namespace GitEntraHelper.EndToEndTests.Deployment;

/// <summary>
/// What configure writes is enough for git: after `configure --url` (the emulator stands in for
/// dev.azure.com) a plain `git clone` gets its token from the helper, even with a generic helper
/// configured before it; unconfigure returns the config to its exact bytes.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class ConfiguredCloneTests(EmulatorFixture emulator)
{
    [OsFact(TestOs.All)]
    public async Task A_clone_works_through_configure_alone_and_unconfigure_restores_the_config()
    {
        using var sandbox = new GitSandbox();
        emulator.ConfigureSandbox(sandbox);
        sandbox.Environment["AZURE_CLIENT_ID"] = emulator["EMULATOR_SP_CLIENT_ID"];
        sandbox.Environment["AZURE_TENANT_ID"] = emulator.TenantId;
        sandbox.Environment["AZURE_CLIENT_SECRET"] = emulator["EMULATOR_SP_CLIENT_SECRET"];
        sandbox.Environment["GIT_ENTRA_CACHE_PROTECTION"] = "plaintext";
        string config = Path.Combine(sandbox.Home, ".gitconfig");
        // A generic helper that would answer first (with a useless password) without the reset line.
        string original = "[credential]\n\thelper = \"!f() { echo username=x; echo password=wrong; }; f\"\n";
        File.WriteAllText(config, original);
        long before = await emulator.StatAsync("clientCredentialsGrants");

        sandbox.Helper(null, "configure", "--url", emulator.DevOpsUrl).EnsureSuccess();
        sandbox.Git("clone", emulator.RepositoryUrl(), "demo").EnsureSuccess();

        Assert.Single(sandbox.Git("-C", "demo", "log", "--oneline").EnsureSuccess().StdOutLines);
        Assert.True(await emulator.StatAsync("clientCredentialsGrants") > before, "the helper did not obtain a token");

        sandbox.Helper(null, "unconfigure").EnsureSuccess();
        Assert.Equal(original, File.ReadAllText(config));
    }
}
