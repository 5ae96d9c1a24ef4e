namespace GitEntraHelper.Platform;

/// <summary>Why the kernel refused to keep a key: the errno and its text.</summary>
public readonly record struct KeyringFailure(int Errno, string Reason)
{
    /// <summary>EDQUOT: the per-user key quota (kernel.keys.maxbytes / maxkeys) is used up.</summary>
    public bool OverQuota => Errno == 122;
}

/// <summary>The kernel keyring operations the memory cache and the token cache need (a seam for unit tests).</summary>
public interface IKernelKeyring
{
    /// <summary>Why the keyring cannot be used here, or null when it can.</summary>
    string? Unavailable { get; }

    /// <summary>
    /// What the session keyring is, for traces and diagnose: this login's own, or (when the login has
    /// none) the user-session keyring the kernel hands out, shared by every such process of the user.
    /// </summary>
    SessionReach Session { get; }

    /// <summary>The key or keyring of that type and description reachable from the session keyring, or null.</summary>
    int? Search(string type, string description);

    /// <summary>The payload, or null when the key is gone, expired or unreadable.</summary>
    byte[]? Read(int key);

    /// <summary>Our keyring of that description linked from the session keyring, created (possessor-only) when missing.</summary>
    int? EnsureKeyring(string description);

    /// <summary>
    /// Adds or replaces a "user" key in <paramref name="keyring"/>, possessor-only, gone after
    /// <paramref name="lifetime"/> (zero: no timeout). Null on success.
    /// </summary>
    KeyringFailure? Put(int keyring, string description, ReadOnlySpan<byte> payload, TimeSpan lifetime);

    /// <summary>Sets a key's (or keyring's) timeout again, counted from now (zero: no timeout).</summary>
    void Touch(int key, TimeSpan lifetime);

    /// <summary>Destroys one key at once (KEYCTL_INVALIDATE): its payload is gone from every keyring.</summary>
    void Remove(int key);

    /// <summary>Unlinks every key in a keyring of ours.</summary>
    void Clear(int keyring);
}

/// <param name="Name">The session keyring's description ("_ses", "_uid_ses.1000", a named session).</param>
/// <param name="SharedByUser">True for the user-session keyring: every process of this user without a session keyring of its own reaches it.</param>
public sealed record SessionReach(string Name, bool SharedByUser)
{
    public override string ToString() => Name == KernelKeyring.NoSession ? "no keyring (the kernel refuses keyrings here)"
        : SharedByUser
        ? $"the user-session keyring '{Name}' (this login has no session keyring of its own, so every process of your user without one reaches it: run `keyctl new_session` or add pam_keyinit to the login's PAM stack to keep it to one login)"
        : $"the session keyring '{Name}' (this login session only)";
}
