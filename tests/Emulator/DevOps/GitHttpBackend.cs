using System.Diagnostics;
using System.Text;

namespace Emulator.DevOps;

/// <summary>
/// Serves git's smart HTTP protocol by running the real `git http-backend` as a CGI program:
/// the request body goes to its stdin, its CGI headers become the response headers and the rest
/// of its output is streamed back. REMOTE_USER is set only for authorised callers, which is what
/// enables receive-pack (push).
/// </summary>
internal sealed class GitHttpBackend(string projectRoot, string homeDirectory)
{
    public async Task ServeAsync(HttpContext http, string pathInfo, string remoteUser)
    {
        var start = new ProcessStartInfo("git", "http-backend")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var env = start.Environment;
        env["GIT_PROJECT_ROOT"] = projectRoot;
        env["GIT_HTTP_EXPORT_ALL"] = "1";
        env["GIT_CONFIG_NOSYSTEM"] = "1";
        env["HOME"] = homeDirectory; // keep the user's ~/.gitconfig out of the server
        env["GATEWAY_INTERFACE"] = "CGI/1.1";
        env["SERVER_PROTOCOL"] = "HTTP/1.1";
        env["REQUEST_METHOD"] = http.Request.Method;
        env["PATH_INFO"] = pathInfo;
        env["QUERY_STRING"] = http.Request.QueryString.HasValue ? http.Request.QueryString.Value![1..] : string.Empty;
        env["CONTENT_TYPE"] = http.Request.ContentType ?? string.Empty;
        env["REMOTE_ADDR"] = "127.0.0.1";
        env["REMOTE_USER"] = remoteUser;
        if (http.Request.ContentLength is { } length)
        {
            env["CONTENT_LENGTH"] = length.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (http.Request.Headers.ContentEncoding.FirstOrDefault() is { Length: > 0 } encoding)
        {
            env["HTTP_CONTENT_ENCODING"] = encoding;
        }

        if (http.Request.Headers["Git-Protocol"].FirstOrDefault() is { Length: > 0 } protocol)
        {
            env["GIT_PROTOCOL"] = protocol;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("git http-backend did not start.");
        var errors = process.StandardError.ReadToEndAsync();
        var feed = FeedRequestBodyAsync(http, process);

        var output = process.StandardOutput.BaseStream;
        var (headers, leftover) = await ReadCgiHeadersAsync(output);
        ApplyHeaders(http, headers);
        await http.Response.Body.WriteAsync(leftover);
        await output.CopyToAsync(http.Response.Body);
        await feed;
        await process.WaitForExitAsync();
        var stderr = await errors;
        if (process.ExitCode != 0 && stderr.Length > 0)
        {
            await Console.Error.WriteLineAsync($"git http-backend: {stderr.Trim()}");
        }
    }

    private static async Task FeedRequestBodyAsync(HttpContext http, Process process)
    {
        try
        {
            await http.Request.Body.CopyToAsync(process.StandardInput.BaseStream);
        }
        catch (IOException)
        {
            // http-backend stopped reading (e.g. it rejected the request); its answer still goes back.
        }
        finally
        {
            process.StandardInput.Close();
        }
    }

    private static void ApplyHeaders(HttpContext http, IEnumerable<string> headers)
    {
        foreach (var line in headers)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (name.Equals("Status", StringComparison.OrdinalIgnoreCase))
            {
                http.Response.StatusCode = int.Parse(value.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            }
            else
            {
                http.Response.Headers.Append(name, value);
            }
        }
    }

    /// <summary>Reads up to the blank line that ends the CGI headers; returns them and any body bytes read past it.</summary>
    private static async Task<(List<string> Headers, ReadOnlyMemory<byte> Leftover)> ReadCgiHeadersAsync(Stream output)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        while (true)
        {
            var read = await output.ReadAsync(chunk);
            if (read == 0)
            {
                break;
            }

            buffer.Write(chunk, 0, read);
            var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
            var (end, separatorLength) = FindHeaderEnd(bytes.Span);
            if (end >= 0)
            {
                var text = Encoding.ASCII.GetString(bytes.Span[..end]);
                var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
                return (lines, bytes[(end + separatorLength)..]);
            }
        }

        return ([], ReadOnlyMemory<byte>.Empty);
    }

    private static (int End, int SeparatorLength) FindHeaderEnd(ReadOnlySpan<byte> bytes)
    {
        var crlf = bytes.IndexOf("\r\n\r\n"u8);
        var lf = bytes.IndexOf("\n\n"u8);
        if (crlf >= 0 && (lf < 0 || crlf < lf))
        {
            return (crlf, 4);
        }

        return lf >= 0 ? (lf, 2) : (-1, 0);
    }
}
