using GitEntraHelper.Diagnostics;

namespace GitEntraHelper.Tests.Diagnostics;

public sealed class HelperTraceTests
{
    [Fact]
    public void Secrets_print_as_stars_by_construction()
    {
        var output = new StringWriter();
        var trace = HelperTrace.To(output);
        var token = new Secret("super-secret-value");
        Secret? maybe = new Secret("another-secret");

        trace.Write("identity", $"token {token} and {maybe} and {(object)token}");

        string text = output.ToString();
        Assert.DoesNotContain("secret-value", text, StringComparison.Ordinal);
        Assert.DoesNotContain("another-secret", text, StringComparison.Ordinal);
        Assert.Contains("identity: token *** and *** and ***", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Jwt_and_long_opaque_strings_are_scrubbed_even_as_plain_strings()
    {
        var output = new StringWriter();
        var trace = HelperTrace.To(output);
        string jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";
        string pat = new('q', 52);

        trace.Write("x", $"jwt {jwt} pat {pat} path /home/user/.cache/git-credential-entra/tenants/dev.azure.com_contoso");

        string text = output.ToString();
        Assert.DoesNotContain(jwt, text, StringComparison.Ordinal);
        Assert.DoesNotContain(pat, text, StringComparison.Ordinal);
        Assert.Contains("/home/user/.cache/git-credential-entra/tenants/dev.azure.com_contoso", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_disabled_trace_does_not_format()
    {
        var counter = new FormatCounter();

        HelperTrace.Disabled.Write("x", $"{counter}");

        Assert.Equal(0, counter.Calls);
    }

    [Fact]
    public void Lines_carry_milliseconds_and_stage_and_stay_one_line()
    {
        var output = new StringWriter();
        HelperTrace.To(output).Write("settings", $"a\nb");

        string[] lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Matches(@"^\[\s*\d+\.\d\d ms\] settings: a b$", lines[0]);
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData("true", true)]
    [InlineData("2", true)]
    [InlineData("0", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("relative/path", false)]
    public void Setting_values(string? value, bool toStderr)
    {
        var stderr = new StringWriter();
        using var trace = HelperTrace.FromSetting(value, stderr, 0, GitEntraHelper.Platform.PrivatePaths.OpenAppend);

        Assert.Equal(toStderr, trace.IsEnabled);
    }

    [Fact]
    public void Absolute_path_appends_to_a_private_file()
    {
        string dir = Directory.CreateTempSubdirectory("gce-trace-").FullName;
        try
        {
            string file = Path.Combine(dir, "trace.log");
            using (var trace = HelperTrace.FromSetting(file, TextWriter.Null, 0, GitEntraHelper.Platform.PrivatePaths.OpenAppend))
            {
                trace.Write("command", $"get");
            }

            using (var trace = HelperTrace.FromSetting(file, TextWriter.Null, 0, GitEntraHelper.Platform.PrivatePaths.OpenAppend))
            {
                trace.Write("command", $"erase");
            }

            string[] lines = File.ReadAllLines(file);
            Assert.Equal(2, lines.Length);
            Assert.EndsWith("command: erase", lines[1], StringComparison.Ordinal);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            }
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Unopenable_file_warns_once_and_disables()
    {
        var stderr = new StringWriter();
        string missing = Path.Combine(Path.GetTempPath(), "gce-no-such-dir-" + Guid.NewGuid().ToString("N"), "trace.log");
        using var trace = HelperTrace.FromSetting(missing, stderr, 0, GitEntraHelper.Platform.PrivatePaths.OpenAppend);

        Assert.False(trace.IsEnabled);
        Assert.Contains("cannot open trace file", stderr.ToString(), StringComparison.Ordinal);
    }

    private sealed class FormatCounter
    {
        public int Calls { get; private set; }

        public override string ToString()
        {
            Calls++;
            return "x";
        }
    }
}
