namespace GitEntraHelper.TokenCache;

/// <summary>The stored cache exists but cannot be decrypted, decoded or parsed.</summary>
internal sealed class CacheCorruptException : Exception
{
    public CacheCorruptException(string reason, byte[]? raw, Exception? inner = null)
        : base(reason, inner) => Raw = raw;

    /// <summary>The bytes as read, when the failure came after reading them (kept aside, never logged).</summary>
    public byte[]? Raw { get; }
}
