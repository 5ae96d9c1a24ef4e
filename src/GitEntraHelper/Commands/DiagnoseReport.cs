using System.Globalization;
using System.Text;
using System.Text.Json;
using GitEntraHelper.Diagnostics;

namespace GitEntraHelper.Commands;

/// <summary>
/// diagnose's findings: aligned "ok / FAIL / info" lines, or one JSON object (--json) for a support
/// ticket; everything passes through the redactor. What could not be checked is said, never "all passed".
/// </summary>
internal sealed class DiagnoseReport
{
    private readonly List<(string Status, string Check, string Detail)> _lines = [];
    private readonly List<string> _notChecked = [];

    public int Failures { get; private set; }

    public void Ok(string check, string detail) => Add("ok", check, detail);

    public void Info(string check, string detail) => Add("info", check, detail);

    public void Fail(string check, string detail)
    {
        Failures++;
        Add("fail", check, detail);
    }

    /// <summary>Checks that need something this run lacked (a URL): named in the summary instead of passing silently.</summary>
    public void NotChecked(string what) => _notChecked.Add(what);

    public string Summary
    {
        get
        {
            if (Failures > 0)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{Failures} check(s) failed: each FAIL line says how to fix it");
            }

            return _notChecked.Count == 0
                ? "all checks passed"
                : $"the checks above passed; not checked: {string.Join(", ", _notChecked)}";
        }
    }

    public string Text()
    {
        var text = new StringBuilder();
        foreach (var (status, check, detail) in _lines)
        {
            string shown = status switch { "ok" => "ok  ", "fail" => "FAIL", _ => "    " };
            text.Append(shown).Append("  ").Append(check.PadRight(13)).AppendLine(detail);
        }

        return text.AppendLine(Summary).ToString();
    }

    public byte[] Json()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteBoolean("passed", Failures == 0);
            json.WriteNumber("failures", Failures);
            json.WriteStartArray("checks");
            foreach (var (status, check, detail) in _lines)
            {
                json.WriteStartObject();
                json.WriteString("status", status);
                json.WriteString("check", check);
                json.WriteString("detail", detail);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("notChecked");
            foreach (string what in _notChecked)
            {
                json.WriteStringValue(what);
            }

            json.WriteEndArray();
            json.WriteString("summary", Summary);
            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private void Add(string status, string check, string detail) => _lines.Add((status, check, Redactor.Scrub(detail)));
}
