namespace GitEntraHelper.Platform;

/// <summary>
/// This program's file names. On Linux the published folder holds two programs built from this project:
/// the small front git starts (<see cref="ProgramName"/>) and the engine it hands over to
/// (<see cref="EngineName"/>); docs/ARCHITECTURE.md, "Front and engine", says why.
/// </summary>
public static class HelperExecutable
{
    /// <summary>The program git runs as credential.helper=entra (git-credential-&lt;name&gt;).</summary>
    public const string ProgramName = "git-credential-entra";

    /// <summary>The whole helper beside the Linux front.</summary>
    public const string EngineName = "git-credential-entra-engine";

    /// <summary>The engine beside the running front.</summary>
    public static string EngineBeside(string? frontPath) => Path.Combine(Path.GetDirectoryName(frontPath) ?? ".", EngineName);

    /// <summary>
    /// What git should run: this program, or — when this is the Linux engine the front handed over to —
    /// the front beside it, which git must start so cached answers stay fast.
    /// </summary>
    public static string ForGit(string processPath)
    {
        string front = Path.Combine(Path.GetDirectoryName(processPath) ?? ".", ProgramName);
        return Path.GetFileName(processPath) == EngineName && File.Exists(front) ? front : processPath;
    }
}
