using System.Runtime.CompilerServices;

namespace GitEntraHelper.Diagnostics;

/// <summary>
/// Builds a trace message only when tracing is on, so a disabled trace costs one branch. A
/// <see cref="Secret"/> is appended as "***" without ever calling Reveal(); anything else goes through
/// its ToString and later through <see cref="Redactor.Scrub"/>.
/// </summary>
[InterpolatedStringHandler]
public ref struct TraceMessageHandler
{
    private DefaultInterpolatedStringHandler _inner;

    public TraceMessageHandler(int literalLength, int formattedCount, HelperTrace trace, out bool isEnabled)
    {
        isEnabled = trace.IsEnabled;
        _inner = isEnabled ? new DefaultInterpolatedStringHandler(literalLength, formattedCount) : default;
    }

    public void AppendLiteral(string value) => _inner.AppendLiteral(value);

    public void AppendFormatted(Secret value) => _inner.AppendLiteral(value.ToString());

    public void AppendFormatted(Secret? value) => _inner.AppendLiteral(value?.ToString() ?? "(none)");

    public void AppendFormatted<T>(T value) => _inner.AppendFormatted(value);

    public void AppendFormatted<T>(T value, string? format) => _inner.AppendFormatted(value, format);

    public void AppendFormatted(string? value) => _inner.AppendFormatted(value);

    internal string ToStringAndClear() => _inner.ToStringAndClear();
}
