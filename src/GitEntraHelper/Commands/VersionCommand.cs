using System.Reflection;

namespace GitEntraHelper.Commands;

/// <summary>`--version`: the program name and its version.</summary>
public static class VersionCommand
{
    public static string Version
    {
        get
        {
            string? informational = typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
            return informational?.Split('+')[0] ?? "0.0.0";
        }
    }

    public static int Run(TextWriter output)
    {
        output.WriteLine($"git-credential-entra {Version}");
        return 0;
    }
}
