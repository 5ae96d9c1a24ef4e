namespace GitEntraHelper.EndToEndTests.Infrastructure;

/// <summary>
/// The native AOT binary under test, for this OS and architecture. <c>GIT_ENTRA_TEST_BINARY</c> names
/// one explicitly (eng/test.sh and the workflow's E2E jobs publish once and set it); otherwise it is published here into
/// artifacts/e2e/helper, once for all test processes (file lock) and only when src/ changed since.
/// </summary>
public static class PublishedHelper
{
    public const string EnvironmentVariable = "GIT_ENTRA_TEST_BINARY";
    /// <summary>git-credential-entra, with .exe on Windows.</summary>
    public static string BinaryName => Platform.TestPlatform.HelperFileName;

    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(20);
    private static readonly Lazy<string> LazyPath = new(Resolve, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Absolute path of the published <c>git-credential-entra</c>.</summary>
    public static string Path => LazyPath.Value;

    /// <summary>The directory holding the binary (and the native libraries published beside it).</summary>
    public static string Directory => System.IO.Path.GetDirectoryName(Path)!;

    private static string OutputDirectory => System.IO.Path.Combine(RepoPaths.Artifacts, "e2e", "helper");

    private static string Resolve()
    {
        var explicitPath = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(explicitPath))
        {
            var full = System.IO.Path.GetFullPath(explicitPath);
            return File.Exists(full)
                ? full
                : throw new InvalidOperationException($"{EnvironmentVariable}={explicitPath} does not exist.");
        }

        var binary = System.IO.Path.Combine(OutputDirectory, BinaryName);
        var stamp = System.IO.Path.Combine(RepoPaths.Artifacts, "e2e", "helper.stamp");
        using (FileLock.Acquire(System.IO.Path.Combine(RepoPaths.Artifacts, "e2e", "publish.lock"), PublishTimeout))
        {
            if (File.Exists(binary) && IsNewerThanSources(stamp))
            {
                return binary;
            }

            Publish();
            if (!File.Exists(binary))
            {
                throw new InvalidOperationException($"dotnet publish succeeded but {binary} is missing.");
            }

            File.WriteAllText(stamp, DateTime.UtcNow.ToString("O"));
            return binary;
        }
    }

    /// <summary>The contract command: publish src/GitEntraHelper as a native executable.</summary>
    private static void Publish()
    {
        string[] arguments =
        [
            "publish", System.IO.Path.Combine(RepoPaths.Root, "src", "GitEntraHelper", "GitEntraHelper.csproj"),
            "-c", "Release", "-r", Platform.TestPlatform.HelperRuntime, "-o", OutputDirectory, "--nologo",
        ];
        ProcessResult result;
        try
        {
            result = ProcessRunner.RunAsync(DotnetHost(), arguments, PublishEnvironment(), RepoPaths.Root, stdin: null, PublishTimeout)
                .GetAwaiter().GetResult();
        }
        catch (ProcessTimeoutException e)
        {
            throw new InvalidOperationException("Publishing the helper for the end-to-end tests timed out.\n" + e.Message, e);
        }

        if (!result.Succeeded)
        {
            throw new InvalidOperationException(
                $"Publishing the helper for the end-to-end tests failed (exit {result.ExitCode}).\n{result}");
        }
    }

    private static bool IsNewerThanSources(string stamp)
    {
        if (!File.Exists(stamp))
        {
            return false;
        }

        var published = File.GetLastWriteTimeUtc(stamp);
        var root = RepoPaths.Root;
        var inputs = System.IO.Directory.EnumerateFiles(System.IO.Path.Combine(root, "src"), "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal))
            .Concat(new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "global.json", "NuGet.config" }
                .Select(name => System.IO.Path.Combine(root, name))
                .Where(File.Exists));
        return inputs.All(file => File.GetLastWriteTimeUtc(file) < published);
    }

    private static string DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }

        var self = Environment.ProcessPath;
        return self is not null && System.IO.Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
    }

    /// <summary>Our environment minus what the test host's own MSBuild put there (it would confuse a nested build).</summary>
    private static Dictionary<string, string> PublishEnvironment() =>
        Environment.GetEnvironmentVariables()
            .Cast<System.Collections.DictionaryEntry>()
            .Select(e => (Name: (string)e.Key, Value: (string?)e.Value ?? string.Empty))
            .Where(e => !e.Name.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)
                        && !e.Name.StartsWith("_MSBUILD", StringComparison.OrdinalIgnoreCase)
                        && !e.Name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(e => e.Name, e => e.Value, StringComparer.Ordinal);
}
