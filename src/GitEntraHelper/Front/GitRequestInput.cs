using GitEntraHelper.Diagnostics;
using GitEntraHelper.Protocol;

namespace GitEntraHelper.Front;

/// <summary>
/// git's request as the front reads it: parsed by the engine's own <see cref="CredentialReader"/>
/// straight from stdin, so the front stops exactly where the engine would — at the blank line, or
/// at the first line the reader refuses — and a caller that keeps the pipe open is answered at once.
/// Every byte taken from stdin is kept, to be passed on unchanged if the engine must answer.
/// </summary>
public sealed class GitRequestInput
{
    private GitRequestInput(CredentialRequest? request, byte[] bytes, string? unreadable = null)
    {
        Request = request;
        Bytes = bytes;
        Unreadable = unreadable;
    }

    /// <summary>The parsed request; null when the engine must read or report it.</summary>
    public CredentialRequest? Request { get; }

    /// <summary>What was read from stdin (for the engine).</summary>
    public byte[] Bytes { get; }

    /// <summary>Why stdin could not be read (open for writing only, say), or null.</summary>
    public string? Unreadable { get; }

    public static GitRequestInput Read(Stream standardInput)
    {
        var kept = new KeepingStream(standardInput);
        try
        {
            return new GitRequestInput(CredentialReader.Read(kept), kept.Bytes);
        }
        catch (HelperException)
        {
            return new GitRequestInput(null, kept.Bytes); // the engine reports malformed input in its one-line form
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new GitRequestInput(null, kept.Bytes, $"cannot read git's request from standard input ({e.GetType().Name})");
        }
    }

    /// <summary>Reads through to stdin and keeps a copy of every byte it returned.</summary>
    private sealed class KeepingStream(Stream inner) : Stream
    {
        private readonly MemoryStream _copy = new();

        public byte[] Bytes => _copy.ToArray();

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int read = inner.Read(buffer, offset, count);
            _copy.Write(buffer, offset, read);
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
