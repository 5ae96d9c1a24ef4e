namespace GitEntraHelper.EndToEndTests.Infrastructure;

/// <summary>
/// A <c>BROWSER</c> command for system-browser sign-in tests: Debian's Chromium, headless, loads the
/// URL it is given and follows the (auto-approved) authorize page's redirects to the loopback
/// address the helper listens on. Like xdg-open it returns at once, leaving Chromium running (for
/// at most two minutes, or until the sandbox is disposed). The test CA is trusted through an NSS database in the sandbox's HOME,
/// so HTTPS is verified as for a user, not switched off.
/// </summary>
[SupportedOSPlatform("linux")]
public static class HeadlessBrowser
{
    private static readonly TimeSpan Budget = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Writes the script, trusts <paramref name="caFile"/> (PEM) if given, and sets BROWSER in the
    /// sandbox. Returns the directory where Chromium's output lands (dom.log, chromium.log).
    /// </summary>
    public static string Install(GitSandbox sandbox, string? caFile = null) => Install(sandbox, caFile, program: null);

    /// <summary>
    /// The same browser installed as <paramref name="program"/> (e.g. <c>wslview</c>) in a directory put first
    /// on PATH, with BROWSER left unset: the helper must find it by itself. Returns the browser's directory.
    /// </summary>
    public static string InstallAs(GitSandbox sandbox, string program, string? caFile = null) => Install(sandbox, caFile, program);

    private static string Install(GitSandbox sandbox, string? caFile, string? program)
    {
        var directory = Path.Combine(sandbox.Root, "browser");
        Directory.CreateDirectory(directory);
        if (caFile is not null)
        {
            TrustCertificateAuthority(sandbox, caFile);
        }

        var script = Path.Combine(directory, "open");
        File.WriteAllText(script, $"""
            #!/bin/sh
            # BROWSER for tests: headless Chromium loads "$1" in the background, like xdg-open would.
            # --no-sandbox: tests run as root in CI, where Chromium's sandbox refuses to start.
            dir='{directory}'
            echo "$1" >> "$dir/urls.log"
            nohup timeout {(int)Budget.TotalSeconds} chromium --headless --no-sandbox --disable-gpu --no-first-run \
              --no-default-browser-check --user-data-dir="$dir/profile" --dump-dom "$1" \
              >> "$dir/dom.log" 2>> "$dir/chromium.log" < /dev/null &
            echo $! >> '{sandbox.OrphansFile}'
            exit 0
            """.Replace("\r", string.Empty, StringComparison.Ordinal) + "\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        if (program is null)
        {
            sandbox.Environment["BROWSER"] = script;
            return directory;
        }

        var bin = Path.Combine(directory, "bin");
        Directory.CreateDirectory(bin);
        File.Move(script, Path.Combine(bin, program));
        sandbox.PrependPath(bin);
        sandbox.Environment["BROWSER"] = null;
        return directory;
    }

    /// <summary>Adds a CA to the NSS database Chromium reads ($HOME/.pki/nssdb of the sandbox).</summary>
    public static void TrustCertificateAuthority(GitSandbox sandbox, string caFile)
    {
        var database = Path.Combine(sandbox.Home, ".pki", "nssdb");
        if (!File.Exists(Path.Combine(database, "cert9.db")))
        {
            Directory.CreateDirectory(database);
            Certutil(sandbox, "-N", "-d", "sql:" + database, "--empty-password");
        }

        Certutil(sandbox, "-A", "-d", "sql:" + database, "-t", "C,,", "-n", "git-credential-entra test CA " + Path.GetFileName(caFile), "-i", caFile);
    }

    private static void Certutil(GitSandbox sandbox, params string[] arguments)
    {
        try
        {
            sandbox.Run("certutil", null, arguments).EnsureSuccess();
        }
        catch (InvalidOperationException e) when (e.InnerException is System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException("certutil is not installed (libnss3-tools): run eng/install-test-deps.sh.", e);
        }
    }
}
