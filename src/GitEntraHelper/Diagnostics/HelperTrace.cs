using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace GitEntraHelper.Diagnostics;

/// <summary>
/// GIT_ENTRA_TRACE: <c>1</c>/<c>true</c>/<c>2</c> → stderr, an absolute path → appended to that file,
/// anything else (or unset) → off. Each line carries the milliseconds since the process started and
/// the stage that wrote it. Secrets cannot leak: <see cref="TraceMessageHandler"/> prints a
/// <see cref="Secret"/> as "***", and every line passes through <see cref="Redactor.Scrub"/>.
/// </summary>
public sealed class HelperTrace : IDisposable
{
    private readonly TextWriter? _writer;
    private readonly bool _ownsWriter;
    private readonly long _startTimestamp;

    public static HelperTrace Disabled { get; } = new(null, false, Stopwatch.GetTimestamp());

    private HelperTrace(TextWriter? writer, bool ownsWriter, long startTimestamp)
    {
        _writer = writer;
        _ownsWriter = ownsWriter;
        _startTimestamp = startTimestamp;
    }

    public bool IsEnabled => _writer is not null;

    /// <summary>A trace writing to <paramref name="writer"/> (tests, or stderr).</summary>
    public static HelperTrace To(TextWriter writer, long? startTimestamp = null) =>
        new(writer, false, startTimestamp ?? Stopwatch.GetTimestamp());

    /// <summary>Interprets the GIT_ENTRA_TRACE value. A file that cannot be opened gives one warning on stderr.</summary>
    /// <param name="value">The variable's value.</param>
    /// <param name="stderr">Where the trace goes for 1/true, and where a warning goes.</param>
    /// <param name="startTimestamp">When the process started.</param>
    /// <param name="openFile">Opens a trace file for appending (Platform/PrivatePaths.OpenAppend: never through a symlink).</param>
    public static HelperTrace FromSetting(string? value, TextWriter stderr, long startTimestamp, Func<string, Stream> openFile)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return Disabled;
        }

        string v = value.Trim();
        if (v is "1" or "2" || v.Equals("true", StringComparison.OrdinalIgnoreCase) || v.Equals("yes", StringComparison.OrdinalIgnoreCase)
            || v.Equals("on", StringComparison.OrdinalIgnoreCase))
        {
            return new HelperTrace(stderr, false, startTimestamp);
        }

        if (Path.IsPathFullyQualified(v))
        {
            try
            {
                // Traces hold URLs and names: a private file, never a planted symlink's target.
                var stream = openFile(v);
                var writer = new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true };
                return new HelperTrace(writer, true, startTimestamp);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
            {
                stderr.WriteLine($"git-credential-entra: warning: cannot open trace file {v}: {Redactor.Scrub(e.Message)}");
                return Disabled;
            }
        }

        return Disabled;
    }

    /// <summary>Writes one line: <c>[  12.34 ms] stage: message</c>.</summary>
    public void Write(string stage, [InterpolatedStringHandlerArgument("")] ref TraceMessageHandler message)
    {
        if (_writer is null)
        {
            return;
        }

        WriteLine(stage, message.ToStringAndClear());
    }

    /// <summary>Writes a fixed message (no interpolation).</summary>
    public void WriteText(string stage, string message)
    {
        if (_writer is not null)
        {
            WriteLine(stage, message);
        }
    }

    /// <summary>Times a stage: writes "stage: done in N ms" when the scope is disposed.</summary>
    public TraceTimer Time(string stage) => new(this, stage, _writer is null ? 0 : Stopwatch.GetTimestamp());

    private void WriteLine(string stage, string message)
    {
        double ms = Stopwatch.GetElapsedTime(_startTimestamp).TotalMilliseconds;
        string line = string.Create(CultureInfo.InvariantCulture, $"[{ms,8:0.00} ms] {stage}: {Redactor.Scrub(message)}");
        lock (_writer!)
        {
            _writer.WriteLine(line);
        }
    }

    public void Dispose()
    {
        if (_ownsWriter)
        {
            _writer?.Dispose();
        }
    }

    public readonly struct TraceTimer : IDisposable
    {
        private readonly HelperTrace _trace;
        private readonly string _stage;
        private readonly long _start;

        internal TraceTimer(HelperTrace trace, string stage, long start)
        {
            _trace = trace;
            _stage = stage;
            _start = start;
        }

        public void Dispose()
        {
            if (_trace is { IsEnabled: true })
            {
                _trace.WriteLine(_stage, string.Create(CultureInfo.InvariantCulture,
                    $"done in {Stopwatch.GetElapsedTime(_start).TotalMilliseconds:0.00} ms"));
            }
        }
    }
}
