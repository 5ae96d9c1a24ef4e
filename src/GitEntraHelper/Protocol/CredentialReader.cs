using System.Globalization;
using System.Text;
using GitEntraHelper.Diagnostics;
using GitEntraHelper.Settings;

namespace GitEntraHelper.Protocol;

/// <summary>
/// Strict reader of git's credential description: <c>key=value</c> lines up to a blank line or EOF.
/// Rejected with one clear line: a line without '=', an empty key, a NUL or CR anywhere, invalid
/// UTF-8, a line over 64 KiB, more than 1 MiB in total, a single-valued key given twice, an invalid
/// boolean or time stamp. Unknown keys are ignored, as git does. Reading stops at the blank line, so
/// a caller that keeps the pipe open cannot make us hang after the description.
/// </summary>
public static class CredentialReader
{
    public const int MaxLineBytes = 64 * 1024;
    public const int MaxInputBytes = 1024 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static CredentialRequest Read(Stream input)
    {
        var builder = new Builder();
        byte[] buffer = new byte[8192];
        var line = new MemoryStream();
        int total = 0;
        int lineNumber = 0;

        while (true)
        {
            int read = input.Read(buffer, 0, buffer.Length);
            if (read == 0)
            {
                if (line.Length > 0)
                {
                    builder.Accept(Decode(line, ++lineNumber), lineNumber); // last line without newline
                }

                return builder.Build();
            }

            for (int i = 0; i < read; i++)
            {
                if (++total > MaxInputBytes)
                {
                    throw Invalid("input is larger than 1 MiB");
                }

                byte b = buffer[i];
                if (b != (byte)'\n')
                {
                    if (line.Length >= MaxLineBytes)
                    {
                        throw Invalid($"line {lineNumber + 1} is longer than 64 KiB");
                    }

                    line.WriteByte(b);
                    continue;
                }

                lineNumber++;
                if (line.Length == 0)
                {
                    return builder.Build(); // blank line ends the description
                }

                builder.Accept(Decode(line, lineNumber), lineNumber);
                line.SetLength(0);
            }
        }
    }

    /// <summary>Reads from a string (tests, and the fuzz test).</summary>
    public static CredentialRequest Read(string text) => Read(new MemoryStream(Encoding.UTF8.GetBytes(text)));

    private static string Decode(MemoryStream line, int lineNumber)
    {
        ReadOnlySpan<byte> bytes = line.GetBuffer().AsSpan(0, (int)line.Length);
        if (bytes.IndexOfAny((byte)0, (byte)'\r') >= 0)
        {
            throw Invalid($"line {lineNumber} contains a NUL or carriage return");
        }

        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Invalid($"line {lineNumber} is not valid UTF-8");
        }
    }

    internal static HelperException Invalid(string reason) => new($"invalid credential input from git: {reason}");

    /// <summary>Collects attributes; knows which are single-valued, multi-valued, secret or typed.</summary>
    private sealed class Builder
    {
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
        private readonly List<string> _wwwAuth = [];
        private readonly List<string> _capabilities = [];
        private readonly List<string> _state = [];
        private string? _protocol, _host, _path, _username, _authType;
        private Secret? _password, _credential, _refreshToken;
        private bool _ephemeral, _continue, _quit;
        private DateTimeOffset? _expiry;

        public void Accept(string line, int lineNumber)
        {
            int equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                throw Invalid($"line {lineNumber} has no '='");
            }

            if (equals == 0)
            {
                throw Invalid($"line {lineNumber} has an empty key");
            }

            string key = line[..equals];
            string value = line[(equals + 1)..];
            switch (key)
            {
                case "wwwauth[]":
                    AddMulti(_wwwAuth, value);
                    return;
                case "capability[]":
                    AddMulti(_capabilities, value);
                    return;
                case "state[]":
                    AddMulti(_state, value);
                    return;
                case "url":
                    ApplyUrl(value, lineNumber);
                    return;
                case "protocol":
                    _protocol = value;
                    break;
                case "host":
                    _host = value;
                    break;
                case "path":
                    _path = value;
                    break;
                case "username":
                    _username = value;
                    break;
                case "password":
                    _password = new Secret(value);
                    break;
                case "authtype":
                    _authType = value;
                    break;
                case "credential":
                    _credential = new Secret(value);
                    break;
                case "oauth_refresh_token":
                    _refreshToken = new Secret(value);
                    break;
                case "ephemeral":
                    _ephemeral = ParseBool(key, value, lineNumber);
                    break;
                case "continue":
                    _continue = ParseBool(key, value, lineNumber);
                    break;
                case "quit":
                    _quit = ParseBool(key, value, lineNumber);
                    break;
                case "password_expiry_utc":
                    _expiry = ParseExpiry(value, lineNumber);
                    break;
                default:
                    return; // unknown keys are ignored, as git does
            }

            MarkSeen(key, lineNumber);
        }

        public CredentialRequest Build() => new()
        {
            Protocol = _protocol,
            Host = _host,
            Path = _path,
            Username = _username,
            Password = _password,
            WwwAuth = _wwwAuth,
            Capabilities = _capabilities,
            AuthType = _authType,
            Credential = _credential,
            Ephemeral = _ephemeral,
            State = _state,
            Continue = _continue,
            PasswordExpiryUtc = _expiry,
            OAuthRefreshToken = _refreshToken,
            Quit = _quit,
        };

        // An empty value of a multi-valued attribute clears the list (gitcredentials(7)).
        private static void AddMulti(List<string> list, string value)
        {
            if (value.Length == 0)
            {
                list.Clear();
            }
            else
            {
                list.Add(value);
            }
        }

        private void MarkSeen(string key, int lineNumber)
        {
            if (!_seen.Add(key))
            {
                throw Invalid($"line {lineNumber} repeats '{key}'");
            }
        }

        // url= stands for its parts, as in git; a part given twice (by url and by its own key) is ambiguous.
        private void ApplyUrl(string value, int lineNumber)
        {
            MarkSeen("url", lineNumber);
            GitUrl url = GitUrl.Parse(value) ?? throw Invalid($"line {lineNumber}: url has no scheme");
            _protocol = url.Protocol;
            MarkSeen("protocol", lineNumber);
            _host = url.Host;
            MarkSeen("host", lineNumber);
            if (url.Path is not null)
            {
                _path = url.Path;
                MarkSeen("path", lineNumber);
            }

            if (url.Username is not null)
            {
                _username = url.Username;
                MarkSeen("username", lineNumber);
            }

            if (url.Password is not null)
            {
                _password = new Secret(url.Password);
                MarkSeen("password", lineNumber);
            }
        }

        private static bool ParseBool(string key, string value, int lineNumber) =>
            GitBoolean.TryParse(value, out bool result) ? result : throw Invalid($"line {lineNumber}: '{key}' is not a boolean");

        private static DateTimeOffset ParseExpiry(string value, int lineNumber)
        {
            if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long seconds)
                || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
            {
                throw Invalid($"line {lineNumber}: password_expiry_utc is not a Unix time");
            }

            return DateTimeOffset.FromUnixTimeSeconds(seconds);
        }
    }
}
