using System.Text;

namespace GitEntraHelper.EndToEndTests.Infrastructure;

/// <summary>
/// Drains one redirected stream into memory as it arrives, so partial output is available when a
/// process is killed on time-out and a chatty process never blocks on a full pipe.
/// </summary>
internal sealed class OutputBuffer
{
    private readonly StringBuilder _text = new();
    private readonly Lock _gate = new();

    public OutputBuffer(StreamReader reader) => Completion = PumpAsync(reader);

    /// <summary>Completes when the stream reaches end of file (every writer closed it).</summary>
    public Task Completion { get; }

    public string Text
    {
        get
        {
            lock (_gate)
            {
                return _text.ToString();
            }
        }
    }

    private async Task PumpAsync(StreamReader reader)
    {
        var buffer = new char[4096];
        try
        {
            int read;
            while ((read = await reader.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                lock (_gate)
                {
                    _text.Append(buffer, 0, read);
                }
            }
        }
        catch (IOException)
        {
            // The pipe broke because the process was killed: keep what arrived.
        }
        catch (ObjectDisposedException)
        {
            // Disposed while the process was being torn down: keep what arrived.
        }
    }
}
