using GitEntraHelper.EndToEndTests.Infrastructure;
using GitEntraHelper.EndToEndTests.SignIn;

namespace GitEntraHelper.EndToEndTests.Pats;

/// <summary>`diagnose` names a PAT that would answer git for the URL before this helper, and where it is, never what it is.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class DiagnoseStoredPatTests(EmulatorFixture emulator)
{
    private const string Pat = "storedpat00000000000000000000000000000000000000000000000000000000000000AZDO0002";

    [OsFact(TestOs.All)]
    public void A_store_helper_before_this_one_holding_a_pat_for_the_url_is_a_failed_check()
    {
        using var world = World(storeFirst: true);

        var diagnose = world.Sandbox.Git("credential-entra", "diagnose", emulator.RepositoryUrl());

        Assert.Contains($"FAIL  stored PAT   {new Uri(emulator.DevOpsUrl).Authority}/contoso (organization contoso, user erin, a password or PAT) in ~/.git-credentials line 1 answers git for this URL before git-credential-entra", diagnose.StdOut, StringComparison.Ordinal);
        Assert.Contains("git credential-entra migrate --apply", diagnose.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain(Pat, diagnose.StdOut + diagnose.StdErr, StringComparison.Ordinal);
    }

    [OsFact(TestOs.All)]
    public void The_same_pat_behind_this_helper_answers_nothing_first()
    {
        using var world = World(storeFirst: false);

        var diagnose = world.Sandbox.Git("credential-entra", "diagnose", emulator.RepositoryUrl());

        Assert.Contains("ok    stored PAT   no stored password or PAT answers git for this URL before this helper", diagnose.StdOut, StringComparison.Ordinal);
    }

    [OsFact(TestOs.All)]
    public void A_remote_url_with_a_password_is_named_without_it()
    {
        using var world = World(storeFirst: false);

        var diagnose = world.Sandbox.Git("credential-entra", "diagnose", emulator.RepositoryUrl().Replace("https://", $"https://erin:{Pat}@", StringComparison.Ordinal));

        Assert.Contains("FAIL  stored PAT   the remote URL carries a password", diagnose.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain(Pat, diagnose.StdOut + diagnose.StdErr, StringComparison.Ordinal);
    }

    private SignInWorld World(bool storeFirst)
    {
        var world = new SignInWorld(emulator, GitKind.New, interactive: false);
        string ours = world.Sandbox.Git("config", "--global", "credential.helper").EnsureSuccess().StdOut.Trim();
        world.Sandbox.Git("config", "--global", "--unset-all", "credential.helper").EnsureSuccess();
        foreach (string helper in storeFirst ? new[] { "store", ours } : [ours, "store"])
        {
            world.Sandbox.AddConfig("credential.helper", helper);
        }

        File.WriteAllText(Path.Combine(world.Sandbox.Home, ".git-credentials"), $"https://erin:{Pat}@{new Uri(emulator.DevOpsUrl).Authority}/contoso\n");
        return world;
    }
}
