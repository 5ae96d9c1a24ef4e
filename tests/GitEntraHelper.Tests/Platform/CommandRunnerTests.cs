using GitEntraHelper.Diagnostics;
using GitEntraHelper.Platform;

namespace GitEntraHelper.Tests.Platform;

/// <summary>The one process runner: "not installed" only when the program is not on PATH.</summary>
public sealed class CommandRunnerTests : IDisposable
{
    private readonly string _bin = Directory.CreateTempSubdirectory("runner-").FullName;

    public void Dispose() => Directory.Delete(_bin, recursive: true);

    [Fact]
    public async Task A_program_not_on_path_is_not_installed()
    {
        var runner = new CommandRunner(new DictionaryEnvironmentVariables { [Variables.Path] = _bin });

        Assert.Null(await runner.RunAsync(new CommandSpec("no-such-program", [], TimeSpan.FromSeconds(10)), default));
    }

    [Fact]
    [Trait(OsTraits.Name, OsTraits.Unix)] // an executable file the kernel refuses to run (ENOEXEC)
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_program_found_but_not_started_says_why_instead_of_not_installed()
    {
        string program = Path.Combine(_bin, "broken");
        File.WriteAllBytes(program, [0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 0]); // an ELF header and nothing else
        File.SetUnixFileMode(program, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        var runner = new CommandRunner(new DictionaryEnvironmentVariables { [Variables.Path] = _bin });

        var e = await Assert.ThrowsAsync<HelperException>(() => runner.RunAsync(new CommandSpec("broken", [], TimeSpan.FromSeconds(10)), default));

        Assert.StartsWith($"cannot start {program}: ", e.Message, StringComparison.Ordinal);
        Assert.Matches(@"\(error \d+\)$", e.Message);
    }
}
