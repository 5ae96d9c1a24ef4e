using System.Globalization;
using System.Text;
using GitEntraHelper.Diagnostics;

namespace GitEntraHelper.Commands;

/// <summary>Aligned "ok / FAIL / info" lines; everything passes through the redactor.</summary>
internal sealed class DiagnoseReport(Stream output)
{
    private readonly StringBuilder _text = new();

    public int Failures { get; private set; }

    public void Ok(string check, string detail) => Line("ok  ", check, detail);

    public void Info(string check, string detail) => Line("    ", check, detail);

    public void Fail(string check, string detail)
    {
        Failures++;
        Line("FAIL", check, detail);
    }

    public void Summary() =>
        _text.AppendLine(Failures == 0 ? "all checks passed" : string.Create(CultureInfo.InvariantCulture, $"{Failures} check(s) failed: each FAIL line says how to fix it"));

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await output.WriteAsync(Encoding.UTF8.GetBytes(_text.ToString()), cancellationToken).ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private void Line(string status, string check, string detail) =>
        _text.Append(status).Append("  ").Append(check.PadRight(13)).Append(Redactor.Scrub(detail)).AppendLine();
}
