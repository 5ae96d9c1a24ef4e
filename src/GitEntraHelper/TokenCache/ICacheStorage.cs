namespace GitEntraHelper.TokenCache;

/// <summary>
/// Where one partition's serialized MSAL cache lives (Secret Service, Keychain, DPAPI file, or an
/// opted-in plain-text file). Callers hold the partition's cross-process lock around every call.
/// </summary>
internal interface ICacheStorage
{
    /// <summary>For traces and diagnose, e.g. "Secret Service (libsecret), collection 'default'".</summary>
    string Description { get; }

    /// <summary>The file whose random content changes on every write (see PersistentTokenCache).</summary>
    string VersionFilePath { get; }

    /// <summary>The stored bytes, or null when nothing is stored.</summary>
    /// <exception cref="CacheCorruptException">Stored but unreadable (cannot be decrypted or decoded).</exception>
    /// <exception cref="Diagnostics.HelperException">The store cannot be reached; one line saying what to do.</exception>
    byte[]? Read();

    /// <summary>Replaces the stored bytes atomically: a reader sees the old or the new bytes, never a mix.</summary>
    void Write(byte[] data);

    /// <summary>
    /// Moves unreadable data out of the way (renamed, never deleted) so a fresh cache can start.
    /// <paramref name="raw"/> is what Read got before it failed, when it got anything;
    /// <paramref name="suffix"/> ("-corrupt-UTC TIME") names the copy.
    /// Returns where the data went, for the trace line.
    /// </summary>
    string SetAside(byte[]? raw, string suffix);

    /// <summary>Removes the stored bytes and set-aside copies kept in files (logout).</summary>
    void Clear();

    /// <summary>Write, read back and remove a probe entry. Slow (several D-Bus calls): diagnose only.</summary>
    void Verify();
}
