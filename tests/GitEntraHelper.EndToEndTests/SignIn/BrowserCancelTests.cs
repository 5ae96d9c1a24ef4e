using GitEntraHelper.EndToEndTests.Infrastructure;

namespace GitEntraHelper.EndToEndTests.SignIn;

/// <summary>
/// The browser flow as a person meets it in a terminal (tmux, an interactive bash): it says it is waiting
/// for the browser and how to stop, and Ctrl-C ends the sign-in with one line, printed the moment the
/// signal arrives, with no helper left behind to print later.
/// </summary>
[Collection(SignInCollection.Name)]
[SupportedOSPlatform("linux")]
public sealed class BrowserCancelTests(SignInEmulatorFixture emulator)
{
    [OsFact(TestOs.Linux, "tmux, an interactive bash and SIGINT from the terminal")]
    public async Task Ctrl_c_while_waiting_for_the_browser_prints_one_line_at_once_and_leaves_nothing_running()
    {
        using var world = new SignInWorld(emulator, GitKind.New);
        world.Interactive = false; // a real terminal decides
        world.Sandbox.SetConfig("credential.msauthFlow", "system");
        world.Sandbox.Environment["DISPLAY"] = null;
        // A browser that opens nothing (as when the page lands in a window nobody looks at): the sign-in waits.
        string browser = Path.Combine(world.Sandbox.Root, "idle-browser.sh");
        await File.WriteAllTextAsync(browser, "#!/bin/sh\necho \"$1\" >> \"$(dirname \"$0\")/idle-browser.urls\"\n");
        File.SetUnixFileMode(browser, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        world.Sandbox.Environment["BROWSER"] = browser;
        world.Sandbox.Environment["GIT_TERMINAL_PROMPT"] = null;

        using var terminal = TerminalSession.For(world.Sandbox);
        await terminal.StartAsync(world.Sandbox.WorkDirectory, "PS1='PROMPT> ' exec bash --norc --noprofile -i");
        await terminal.WaitForAsync("PROMPT> ", TimeSpan.FromSeconds(20));
        await terminal.TypeAsync($"git clone '{emulator.RepositoryUrl()}' demo");
        string waiting = await terminal.WaitForAsync(@"waiting for the browser… \(Ctrl-C to cancel\)", TimeSpan.FromSeconds(60));
        Assert.Contains("Opening a browser to sign in to Azure DevOps ('contoso')", waiting, StringComparison.Ordinal);
        await SignInWorld.WaitUntilAsync(() => File.Exists(browser[..^3] + ".urls"), TimeSpan.FromSeconds(30), () => "the browser was not started");

        await terminal.PressAsync("C-c");
        await terminal.WaitForAsync("git-credential-entra: sign-in cancelled", TimeSpan.FromSeconds(10));
        await Task.Delay(1000); // anything a lingering helper would still print
        string screen = await terminal.WaitForAsync("sign-in cancelled", TimeSpan.FromSeconds(1));

        const string Line = "git-credential-entra: sign-in cancelled";
        string after = screen[(screen.IndexOf(Line, StringComparison.Ordinal) + Line.Length)..];
        Assert.DoesNotContain("git-credential-entra", after, StringComparison.Ordinal); // one line, printed once
        Assert.DoesNotContain("Username for", after, StringComparison.Ordinal);
        Assert.Empty(ProcessesRunning(PublishedHelper.Path));
    }

    /// <summary>Processes whose executable lies beside <paramref name="helper"/> (front and engine) and belong to this test's sandbox.</summary>
    private static IReadOnlyList<int> ProcessesRunning(string helper)
    {
        string directory = Path.GetDirectoryName(helper)!;
        var found = new List<int>();
        foreach (string proc in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(proc), out int pid))
            {
                continue;
            }

            try
            {
                string? exe = new FileInfo(Path.Combine(proc, "exe")).LinkTarget;
                string environ = File.ReadAllText(Path.Combine(proc, "environ"));
                if (exe is not null && exe.StartsWith(directory + "/", StringComparison.Ordinal) && environ.Contains("idle-browser.sh", StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }

        return found;
    }
}
