using System.Text.Json.Nodes;
using GitEntraHelper.EndToEndTests.Emulator;
using GitEntraHelper.EndToEndTests.Infrastructure;
using GitEntraHelper.EndToEndTests.SignIn;

namespace GitEntraHelper.EndToEndTests.Pats;

/// <summary>
/// `pat list` / `pat revoke` of the published helper against the emulator's PAT lifecycle API: the vssps
/// endpoint comes from the organization's X-VSS-AuthorizationEndpoint (the emulator's is on its own
/// host), the token from the signed-in user (device code, auto-approved), and git proves what revoking did.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class PatCommandTests(EmulatorFixture emulator)
{
    [OsFact(TestOs.All)]
    public async Task List_pages_through_every_token_marks_full_access_and_long_lived_ones_and_prints_no_secret()
    {
        var seeded = await SeedAsync(105); // more than one page of 100
        using var world = SignedIn();

        var list = world.Sandbox.Git("credential-entra", "pat", "list", "--org", "contoso").EnsureSuccess();

        foreach (var pat in seeded)
        {
            Assert.Contains($"{(string)pat["authorizationId"]!}  valid to ", list.StdOut, StringComparison.Ordinal);
            Assert.Contains($"'{(string)pat["displayName"]!}'", list.StdOut, StringComparison.Ordinal);
        }

        AssertNoSecret(seeded, list.StdOut + list.StdErr + world.Trace);
        var lines = list.StdOutLines.Where(l => l.StartsWith("  ", StringComparison.Ordinal)).ToList();
        Assert.True(lines.Count >= seeded.Count, $"{lines.Count} token lines for {seeded.Count} seeded tokens");
        Assert.All(lines.Where(l => l.Contains("scope: 'full access", StringComparison.Ordinal)), l => Assert.Contains("FULL ACCESS", l, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("FULL ACCESS", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("LONG-LIVED", StringComparison.Ordinal));
        Assert.Contains(lines, l => !l.Contains("<-", StringComparison.Ordinal));
        Assert.Contains($"vssps endpoint {emulator.DevOpsUrl}/_vssps/contoso/ (from the organization's X-VSS-AuthorizationEndpoint header)", world.Trace, StringComparison.Ordinal);
        Assert.Contains("page 2:", world.Trace, StringComparison.Ordinal);
    }

    [OsTheory(TestOs.All)]
    [InlineData("VS403463", "Conditional Access")]
    [InlineData("TF400813", "not a member")]
    public async Task An_organization_that_refuses_the_api_gets_one_line_naming_the_code_and_the_fix(string code, string meaning)
    {
        await SeedAsync(1);
        using var world = SignedIn();
        await emulator.AdminAsync($"/pat-api-refuse?code={code}");
        try
        {
            var list = world.Sandbox.Git("credential-entra", "pat", "list", "--org", "contoso");

            Assert.Equal(1, list.ExitCode);
            var line = Assert.Single(SignInWorld.HelperLines(list));
            Assert.Contains($"({code})", line, StringComparison.Ordinal);
            Assert.Contains(meaning, line, StringComparison.Ordinal);
            Assert.Empty(list.StdOut);
        }
        finally
        {
            await emulator.AdminAsync("/pat-api-refuse?code=");
        }
    }

    [OsFact(TestOs.All)]
    public async Task A_vssps_header_naming_another_host_is_never_followed_and_no_token_is_requested()
    {
        using var world = SignedIn();
        await emulator.AdminAsync("/authorization-endpoint?url=https://vssps.attacker.example/contoso/");
        try
        {
            long before = await emulator.StatAsync("tokenRequests");

            var list = world.Sandbox.Git("credential-entra", "pat", "list", "--org", "contoso");

            Assert.Equal(1, list.ExitCode);
            var line = Assert.Single(SignInWorld.HelperLines(list));
            Assert.Contains("vssps.attacker.example", line, StringComparison.Ordinal);
            Assert.Contains("refused, so no token goes there", line, StringComparison.Ordinal);
            Assert.Equal(before, await emulator.StatAsync("tokenRequests"));
        }
        finally
        {
            await emulator.AdminAsync("/authorization-endpoint?url=");
        }
    }

    [OsFact(TestOs.All)]
    public async Task Revoke_where_nobody_can_be_asked_needs_yes_and_changes_nothing()
    {
        await SeedAsync(2);
        using var world = SignedIn();
        world.Interactive = false; // GIT_TERMINAL_PROMPT=0: a script, not a person
        long active = await emulator.StatAsync("activePats");

        var refused = world.Sandbox.Git("credential-entra", "pat", "revoke", "--org", "contoso", "--all");

        Assert.Equal(1, refused.ExitCode);
        var line = Assert.Single(SignInWorld.HelperLines(refused));
        Assert.Contains("needs confirmation", line, StringComparison.Ordinal);
        Assert.Contains("--yes", line, StringComparison.Ordinal);
        Assert.Equal(active, await emulator.StatAsync("activePats"));
    }

    [OsFact(TestOs.All)]
    public async Task Revoke_by_id_stops_exactly_that_token_in_git()
    {
        var seeded = await SeedAsync(2);
        using var world = SignedIn();
        string revoked = (string)seeded[0]["token"]!, kept = (string)seeded[1]["token"]!;

        var revoke = world.Sandbox.Git("credential-entra", "pat", "revoke", "--org", "contoso", (string)seeded[0]["authorizationId"]!, "--yes").EnsureSuccess();

        Assert.Contains($"revoked '{(string)seeded[0]["displayName"]!}'", revoke.StdOut, StringComparison.Ordinal);
        AssertNoSecret(seeded, revoke.StdOut + revoke.StdErr);
        Assert.Contains("Access Denied: The Personal Access Token used has been revoked.", LsRemote(world, revoked).StdErr, StringComparison.Ordinal);
        LsRemote(world, kept).EnsureSuccess();
    }

    [OsFact(TestOs.All)]
    public async Task Revoke_all_with_yes_leaves_no_active_token()
    {
        var seeded = await SeedAsync(3);
        using var world = SignedIn();

        var revoke = world.Sandbox.Git("credential-entra", "pat", "revoke", "--org", "contoso", "--all", "--yes").EnsureSuccess();

        Assert.Equal(0, await emulator.StatAsync("activePats"));
        Assert.Contains("0 active tokens left in contoso", revoke.StdOut, StringComparison.Ordinal);
        Assert.Contains("no active token", world.Sandbox.Git("credential-entra", "pat", "revoke", "--org", "contoso", "--all").EnsureSuccess().StdOut, StringComparison.Ordinal);
        AssertNoSecret(seeded, revoke.StdOut + revoke.StdErr + world.Trace);
        Assert.All(seeded, p => Assert.Contains("has been revoked", LsRemote(world, (string)p["token"]!).StdErr, StringComparison.Ordinal));
    }

    [OsFact(TestOs.All)]
    public async Task A_service_principal_is_told_in_one_line_that_only_a_signed_in_user_may_manage_tokens()
    {
        using var world = new SignInWorld(emulator, GitKind.System, interactive: false);
        world.Sandbox.Environment["AZURE_CLIENT_ID"] = emulator["EMULATOR_SP_CLIENT_ID"];
        world.Sandbox.Environment["AZURE_CLIENT_SECRET"] = emulator["EMULATOR_SP_CLIENT_SECRET"];
        world.Sandbox.Environment["AZURE_TENANT_ID"] = emulator.TenantId;

        var list = world.Sandbox.Git("credential-entra", "pat", "list", "--url", $"{emulator.DevOpsUrl}/contoso");

        Assert.Equal(1, list.ExitCode);
        var line = Assert.Single(SignInWorld.HelperLines(list));
        Assert.Contains("sign-in page (HTTP 302)", line, StringComparison.Ordinal);
        Assert.Contains("credential.entraIdentity=user", line, StringComparison.Ordinal);
        Assert.DoesNotContain(emulator["EMULATOR_SP_CLIENT_SECRET"], list.StdOut + list.StdErr, StringComparison.Ordinal);
    }

    [OsFact(TestOs.All)]
    public async Task A_declared_host_that_cannot_name_its_vssps_endpoint_gets_no_token_request()
    {
        long tokenRequests = await emulator.StatAsync("tokenRequests");
        // A declared host has no documented vssps endpoint: without its header, no token is asked for or sent.
        using var world = new SignInWorld(emulator, GitKind.System, interactive: false);
        world.Sandbox.SetConfig("credential.https://127.0.0.2:9.provider", "azure-devops");
        world.Sandbox.SetConfig("credential.entraTenantId", emulator.TenantId);

        var list = world.Sandbox.Git("credential-entra", "pat", "list", "--url", "https://127.0.0.2:9/contoso");

        Assert.Equal(1, list.ExitCode);
        var line = Assert.Single(SignInWorld.HelperLines(list));
        Assert.Contains("cannot ask https://127.0.0.2:9/contoso for its vssps endpoint", line, StringComparison.Ordinal);
        Assert.Equal(tokenRequests, await emulator.StatAsync("tokenRequests"));
    }

    private SignInWorld SignedIn()
    {
        var world = new SignInWorld(emulator, GitKind.New);
        try
        {
            world.Clone().EnsureSuccess(); // signs in (device code, auto-approved as EMULATOR_USER)
            return world;
        }
        catch
        {
            world.Dispose();
            throw;
        }
    }

    private async Task<List<JsonObject>> SeedAsync(int count) =>
        [.. (await emulator.AdminJsonAsync($"/seed-pats?count={count}"))["patTokens"]!.AsArray().Select(p => p!.AsObject())];

    private ProcessResult LsRemote(SignInWorld world, string pat) =>
        world.Sandbox.Git("-c", "credential.helper=", "ls-remote", EmulatorGit.WithBasicCredentials(emulator.RepositoryUrl(), pat));

    private static void AssertNoSecret(IEnumerable<JsonObject> seeded, string text) =>
        Assert.All(seeded, p => Assert.DoesNotContain((string)p["token"]!, text, StringComparison.Ordinal));
}
