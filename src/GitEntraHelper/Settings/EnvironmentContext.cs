using GitEntraHelper.Platform;

namespace GitEntraHelper.Settings;

/// <summary>
/// Variables nobody sets for us but that we read to know where we run: whether a human can be reached
/// (CI, a terminal prompt switch, a display, SSH), where files and programs are, and git's own
/// locations (to read git config as git does). They are in the catalogue so --help and README list
/// everything the helper looks at; they are never settings.
/// </summary>
public static partial class SettingKeys
{
    private static SettingKey Context(string variable, string description) =>
        Define(null, variable, null, description, kind: SettingKind.Context);

    public static readonly SettingKey Ci = Context(Variables.Ci, "true in CI systems: never wait for a human (credential.interactive=always overrides)");
    public static readonly SettingKey TfBuild = Context(Variables.TfBuild, "set by Azure Pipelines: same as CI=true");
    public static readonly SettingKey GitTerminalPrompt = Context(Variables.GitTerminalPrompt, "git's switch: 0 means never prompt, whatever else is configured");
    public static readonly SettingKey Browser = Context(Variables.Browser, "the browser for sign-in (':'-separated commands, %s for the URL)");
    public static readonly SettingKey Display = Context(Variables.Display, "an X11 display: a desktop session where a browser can open");
    public static readonly SettingKey WaylandDisplay = Context(Variables.WaylandDisplay, "a Wayland display: a desktop session where a browser can open");
    public static readonly SettingKey SshConnection = Context(Variables.SshConnection, "an SSH session: a browser would open on the remote machine's screen");
    public static readonly SettingKey SshTty = Context(Variables.SshTty, "an SSH session with a terminal");
    public static readonly SettingKey WslDistroName = Context(Variables.WslDistroName, "WSL: sign in with the Windows browser (BROWSER, wslview, cmd.exe or explorer.exe through interop)");
    public static readonly SettingKey WslInterop = Context(Variables.WslInterop, "WSL's interop socket: WSL, as WSL_DISTRO_NAME");
    public static readonly SettingKey RemoteContainers = Context(Variables.RemoteContainers, "a VS Code dev container: no browser is opened, sign-in is by device code");
    public static readonly SettingKey Codespaces = Context(Variables.Codespaces, "a GitHub Codespace: no browser is opened, sign-in is by device code");
    public static readonly SettingKey DbusSessionBusAddress = Context(Variables.DbusSessionBusAddress, "Linux: the D-Bus session bus; without one no Secret Service is reachable and the token cache is kept in the kernel keyring");
    public static readonly SettingKey XdgRuntimeDir = Context(Variables.XdgRuntimeDir, "Linux: $XDG_RUNTIME_DIR/bus is the session bus when DBUS_SESSION_BUS_ADDRESS is unset");
    public static readonly SettingKey IdentityServerThumbprint = Context(Variables.IdentityServerThumbprint, "Service Fabric's managed identity endpoint certificate (with IDENTITY_ENDPOINT and IDENTITY_HEADER)");

    public static readonly SettingKey Home = Context(Variables.Home, "the home directory (git's global config, our state and cache folders)");
    public static readonly SettingKey UserProfile = Context(Variables.UserProfile, "Windows: the home directory when HOME is unset");
    public static readonly SettingKey LocalAppData = Context(Variables.LocalAppData, "Windows: where our state and cache folders live");
    public static readonly SettingKey XdgStateHome = Context(Variables.XdgStateHome, "Linux/macOS: where the token cache's lock files and account choices live (default ~/.local/state)");
    public static readonly SettingKey XdgCacheHome = Context(Variables.XdgCacheHome, "Linux/macOS: where the per-organization tenant cache lives (default ~/.cache)");
    public static readonly SettingKey XdgConfigHome = Context(Variables.XdgConfigHome, "git's second global config file, $XDG_CONFIG_HOME/git/config");
    public static readonly SettingKey XdgDataDirs = Context(Variables.XdgDataDirs, "Linux: where the identity broker's D-Bus service file is looked for");
    public static readonly SettingKey SearchPath = Context(Variables.Path, "where git, az and browsers are found (never the current directory)");
    public static readonly SettingKey PathExt = Context(Variables.PathExt, "Windows: the extensions a program on PATH may have");
    public static readonly SettingKey LdLibraryPath = Context(Variables.LdLibraryPath, "Linux: where the broker's WebKitGTK library is looked for");

    public static readonly SettingKey GitConfig = Context(Variables.GitConfig, "git's: removed for our git config reads (it would make git read only that file)");
    public static readonly SettingKey GitConfigParameters = Context(Variables.GitConfigParameters, "git's: the `git -c` options git passes to helpers");
    public static readonly SettingKey GitConfigCount = Context(Variables.GitConfigCount, "git's: how many GIT_CONFIG_KEY_<n>/GIT_CONFIG_VALUE_<n> pairs configure this run");
    public static readonly SettingKey GitConfigKey = Context(Variables.GitConfigKeyPrefix + "<n>", "git's: a config key given through the environment");
    public static readonly SettingKey GitConfigValue = Context(Variables.GitConfigValuePrefix + "<n>", "git's: a config value given through the environment");
    public static readonly SettingKey GitConfigNoSystem = Context(Variables.GitConfigNoSystem, "git's: skip the system config (never for IT policy: see credential.entraAllowedTenants)");
    public static readonly SettingKey GitConfigSystem = Context(Variables.GitConfigSystem, "git's: another system config file (never for IT policy)");
    public static readonly SettingKey GitConfigGlobal = Context(Variables.GitConfigGlobal, "git's: another global config file");
    public static readonly SettingKey GitExecPath = Context(Variables.GitExecPath, "git's: where git's programs are, to find its system config");
    public static readonly SettingKey GitDir = Context(Variables.GitDir, "git's: the repository whose config applies");
    public static readonly SettingKey GitCommonDir = Context(Variables.GitCommonDir, "git's: the common directory of a linked worktree");
    public static readonly SettingKey GitWorkTree = Context(Variables.GitWorkTree, "git's: the working tree");
    public static readonly SettingKey GitCeilingDirectories = Context(Variables.GitCeilingDirectories, "git's: where repository discovery stops");
    public static readonly SettingKey GitAskPass = Context(Variables.GitAskPass, "git's prompt program: removed for the `git credential fill` migrate and diagnose run, so nothing can ask");
    public static readonly SettingKey SshAskPass = Context(Variables.SshAskPass, "git's fallback prompt program: removed like GIT_ASKPASS");
    public static readonly SettingKey GitDiscoveryAcrossFilesystem = Context(Variables.GitDiscoveryAcrossFilesystem, "git's: whether discovery crosses file systems");
    public static readonly SettingKey GitObjectDirectory = Context(Variables.GitObjectDirectory, "git's: another object store (repository discovery then asks git)");
}
