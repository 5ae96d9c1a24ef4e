using System.Text.Json;
using GitEntraHelper.EndToEndTests.Infrastructure;

namespace GitEntraHelper.EndToEndTests.SignIn;

/// <summary>`login`, `status [--json]` and `logout --all` as a round trip against the emulator, with the real git.</summary>
[Collection(SignInCollection.Name)]
public sealed class LoginStatusTests(SignInEmulatorFixture emulator)
{
    [OsTheory(TestOs.All)]
    [InlineData(GitKind.System)]
    [InlineData(GitKind.New)]
    public async Task Login_then_status_then_logout_round_trip(GitKind git)
    {
        using var world = new SignInWorld(emulator, git);
        var before = world.Sandbox.Git("credential-entra", "status");
        Assert.Equal(1, before.ExitCode);
        Assert.StartsWith("not signed in", before.StdOut, StringComparison.Ordinal);

        long signIns = await emulator.StatAsync("signIns");
        var login = world.Sandbox.Git("credential-entra", "login", $"{emulator.DevOpsUrl}/contoso", "--device-code").EnsureSuccess();

        Assert.StartsWith($"signed in as {emulator.User} for contoso (tenant {emulator.TenantId})", login.StdOut, StringComparison.Ordinal);
        Assert.Contains($"signed in as {emulator.User} for contoso (tenant {emulator.TenantId})", login.StdErr.Split('\n'));
        Assert.Equal(signIns + 1, await emulator.StatAsync("signIns"));

        var status = world.Sandbox.Git("credential-entra", "status", "--json").EnsureSuccess();
        using (var json = JsonDocument.Parse(status.StdOut))
        {
            Assert.True(json.RootElement.GetProperty("signedIn").GetBoolean());
            var organization = Assert.Single(json.RootElement.GetProperty("organizations").EnumerateArray());
            Assert.Equal("contoso", organization.GetProperty("organization").GetString());
            Assert.Equal(emulator.User, organization.GetProperty("account").GetString());
            Assert.Equal(JsonValueKind.String, organization.GetProperty("tokenExpiresOn").ValueKind);
            Assert.NotEmpty(json.RootElement.GetProperty("cache").EnumerateArray());
        }

        world.Clone("contoso").EnsureSuccess();
        Assert.Equal(signIns + 1, await emulator.StatAsync("signIns")); // login signed in ahead of time

        world.Sandbox.Git("credential-entra", "logout", "--all").EnsureSuccess();
        Assert.Equal(1, world.Sandbox.Git("credential-entra", "status").ExitCode);
        var again = world.Sandbox.Git("credential-entra", "logout", "--all").EnsureSuccess();
        Assert.Contains("nothing to remove", again.StdOut, StringComparison.Ordinal);
    }

    [OsFact(TestOs.All)]
    public void Login_refuses_two_flows_in_one_line()
    {
        using var world = new SignInWorld(emulator);

        var result = world.Sandbox.Git("credential-entra", "login", "contoso", "--device-code", "--browser");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("git-credential-entra: give --device-code or --browser, not both", result.StdErr, StringComparison.Ordinal);
    }
}
