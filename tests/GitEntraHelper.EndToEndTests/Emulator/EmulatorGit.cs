using GitEntraHelper.EndToEndTests.Infrastructure;

namespace GitEntraHelper.EndToEndTests.Emulator;

/// <summary>The real git in a sandbox that trusts the emulator, with tokens passed the two ways git sends them.</summary>
internal static class EmulatorGit
{
    public static GitSandbox Sandbox(EmulatorFixture emulator)
    {
        var sandbox = new GitSandbox();
        emulator.ConfigureSandbox(sandbox);
        sandbox.Environment["GIT_AUTHOR_NAME"] = "Test Author";
        sandbox.Environment["GIT_AUTHOR_EMAIL"] = "author@contoso.example";
        sandbox.Environment["GIT_COMMITTER_NAME"] = "Test Author";
        sandbox.Environment["GIT_COMMITTER_EMAIL"] = "author@contoso.example";
        return sandbox;
    }

    /// <summary>git with "Authorization: Bearer TOKEN" on every request (http.extraHeader), no credential helper.</summary>
    public static Task<ProcessResult> WithBearerAsync(this GitSandbox sandbox, string token, params string[] arguments) =>
        sandbox.GitAsync(["-c", "credential.helper=", "-c", $"http.extraHeader=Authorization: Bearer {token}", .. arguments]);

    public static Task<ProcessResult> InAsync(this GitSandbox sandbox, string directory, params string[] arguments) =>
        sandbox.GitAsync(arguments, workingDirectory: directory);

    /// <summary>The URL with user name and token as password: git sends them as Basic, as git &lt; 2.46 does with a helper.</summary>
    public static string WithBasicCredentials(string url, string token, string user = "anything") =>
        url.Replace("https://", $"https://{Uri.EscapeDataString(user)}:{Uri.EscapeDataString(token)}@", StringComparison.Ordinal);

    /// <summary>Commits one new file in a clone and pushes it to a new branch with the given token.</summary>
    public static async Task<ProcessResult> CommitAndPushAsync(this GitSandbox sandbox, string clone, string token, string branch, string message)
    {
        await File.WriteAllTextAsync(Path.Combine(clone, branch + ".txt"), message + "\n");
        (await sandbox.InAsync(clone, "add", ".")).EnsureSuccess();
        (await sandbox.InAsync(clone, "commit", "-m", message)).EnsureSuccess();
        return await sandbox.GitAsync(
            ["-c", "credential.helper=", "-c", $"http.extraHeader=Authorization: Bearer {token}", "push", "origin", $"HEAD:refs/heads/{branch}"],
            workingDirectory: clone);
    }
}
