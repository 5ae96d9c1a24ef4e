namespace GitEntraHelper.Diagnostics;

/// <summary>
/// A token, password, assertion or client secret. Redaction is by construction: ToString never
/// reveals the value, so a secret interpolated into a trace line, an exception message or a log
/// prints as <c>***</c>. Only code that must send the value (protocol writer, HTTP) calls Reveal().
/// </summary>
public readonly struct Secret : IEquatable<Secret>
{
    private readonly string? _value;

    public Secret(string value) => _value = value ?? throw new ArgumentNullException(nameof(value));

    public bool IsEmpty => string.IsNullOrEmpty(_value);

    /// <summary>The raw value. Call sites are few and reviewed: grep for Reveal().</summary>
    public string Reveal() => _value ?? string.Empty;

    public override string ToString() => IsEmpty ? "(none)" : "***";

    public bool Equals(Secret other) => string.Equals(_value, other._value, StringComparison.Ordinal);
    public override bool Equals(object? obj) => obj is Secret other && Equals(other);
    public override int GetHashCode() => _value is null ? 0 : StringComparer.Ordinal.GetHashCode(_value);
    public static bool operator ==(Secret left, Secret right) => left.Equals(right);
    public static bool operator !=(Secret left, Secret right) => !left.Equals(right);
}
