using System.Runtime.InteropServices;
using System.Text;

namespace GitEntraHelper.Platform;

/// <summary>
/// Linux kernel keyring through the add_key and keyctl system calls (no libkeyutils needed). Keys live
/// in kernel memory — never on disk, never swapped (we use the "user" type only, never "big_key",
/// whose payload goes to shmem) — and the kernel drops each at its timeout. Our keyrings hang off the
/// process's session keyring, and they and their keys grant everything to their possessor and only
/// "view" to the owner's uid: a process of the same user in another login session, or another
/// container, cannot search them (they are not reachable from its keyrings) nor read a key even by
/// its id. Where a container's seccomp profile refuses these calls, callers fall back or say so.
/// Over 300 lines on purpose: every system call, its flags and its errno meanings sit together, so the
/// one place that talks to the kernel can be checked against keyctl(2) in one reading.
/// </summary>
public sealed class KernelKeyring : IKernelKeyring
{
    public static KernelKeyring Instance { get; } = new();

    private const int SessionKeyring = -3; // KEY_SPEC_SESSION_KEYRING
    private const int KeyctlGetKeyringId = 0, KeyctlDescribe = 6, KeyctlSetPerm = 5, KeyctlClear = 7,
        KeyctlSearch = 10, KeyctlRead = 11, KeyctlSetTimeout = 15, KeyctlInvalidate = 21;

    // Possessor: view, read, write, search, link, setattr. Owner uid: view only (so /proc/keys and
    // `keyctl show` list it). Group, other: nothing.
    internal const int PossessorOnly = 0x3f010000;

    /// <summary>The session's name where the kernel refuses keyrings.</summary>
    internal const string NoSession = "(none)";

    private readonly (nint AddKey, nint Keyctl)? _numbers = RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => (248, 250),
        Architecture.Arm64 => (217, 219),
        _ => null,
    };

    private string? _refused;
    private int _session;
    private bool _probed;
    private SessionReach? _reach;

    public string? Unavailable
    {
        get
        {
            if (!OperatingSystem.IsLinux())
            {
                return "the kernel keyring is Linux only";
            }

            if (_numbers is null)
            {
                return $"no kernel keyring system call numbers for {RuntimeInformation.ProcessArchitecture}";
            }

            if (!_probed)
            {
                // One cheap call tells whether this process may use keyrings at all (Docker's default seccomp
                // profile, for one, refuses every keyring call with EPERM) and which session keyring it has.
                // Without "create", a process that has no session keyring is given the user-session keyring
                // (asking with "create", as add_key to KEY_SPEC_SESSION_KEYRING does, would join a new
                // anonymous session that dies with this process).
                _probed = true;
                nint id = Keyctl(KeyctlGetKeyringId, SessionKeyring, 0, 0);
                if (id < 0)
                {
                    int errno = Marshal.GetLastPInvokeError();
                    _refused = $"the kernel refused keyring system calls ({Marshal.GetPInvokeErrorMessage(errno)}, errno {errno}; "
                        + "a container's seccomp profile does this)";
                }
                else
                {
                    _session = (int)id;
                }
            }

            return _refused;
        }
    }

    public SessionReach Session => _reach ??= Describe();

    public int? Search(string type, string description)
    {
        if (Unavailable is not null)
        {
            return null;
        }

        nint result = Keyctl(KeyctlSearch, SessionKeyring, Utf8(type), Utf8(description), 0);
        return result >= 0 ? (int)result : null;
    }

    [System.Runtime.CompilerServices.SkipLocalsInit] // the stack buffer is written before it is read
    public unsafe byte[]? Read(int key)
    {
        if (Unavailable is not null)
        {
            return null;
        }

        // Access tokens fit in 4 KiB: read into the stack, and copy out only the payload (no heap buffer to
        // clear, and no 16 KiB allocation on the hot path). The call returns the full length, so a
        // larger payload (a token cache) is read again into a buffer of its size.
        Span<byte> small = stackalloc byte[4096];
        int used = 0;
        try
        {
            nint length;
            fixed (byte* p = small)
            {
                length = Keyctl(KeyctlRead, key, (nint)p, small.Length);
            }

            if (length < 0)
            {
                return null;
            }

            if (length <= small.Length)
            {
                used = (int)length;
                return small[..used].ToArray();
            }

            var large = new byte[length];
            fixed (byte* p = large)
            {
                nint again = Keyctl(KeyctlRead, key, (nint)p, large.Length);
                if (again != large.Length)
                {
                    Array.Clear(large);
                    return null;
                }
            }

            return large;
        }
        finally
        {
            small[..used].Clear(); // the token's bytes do not outlive the call on the stack
        }
    }

    public int? EnsureKeyring(string description)
    {
        if (Search("keyring", description) is { } existing)
        {
            return existing;
        }

        if (Unavailable is not null)
        {
            return null;
        }

        nint created = AddKey("keyring", description, ReadOnlySpan<byte>.Empty, _session);
        if (created < 0)
        {
            return null;
        }

        Keyctl(KeyctlSetPerm, created, PossessorOnly, 0);
        return (int)created;
    }

    public KeyringFailure? Put(int keyring, string description, ReadOnlySpan<byte> payload, TimeSpan lifetime)
    {
        if (Unavailable is { } why)
        {
            return new KeyringFailure(1, why);
        }

        bool created = false;
        if (Search("user", description) is not { } key)
        {
            // A new key is born readable by its owner's uid: create it with a placeholder, narrow it to its
            // possessor, and only then give it the payload, so the secret is never readable from outside.
            nint placeholder = AddKey("user", description, "-"u8, keyring);
            if (placeholder < 0)
            {
                return LastFailure();
            }

            key = (int)placeholder;
            created = true;
            Keyctl(KeyctlSetPerm, key, PossessorOnly, 0);
        }

        // add_key to the same keyring and description replaces the payload of that key (keeping its
        // permissions). KEYCTL_UPDATE would too, but refuses payloads over a page (4096 bytes).
        if (AddKey("user", description, payload, keyring) < 0)
        {
            // A failed update leaves an existing key's previous payload as it was; a new key goes.
            KeyringFailure failure = LastFailure();
            if (created)
            {
                Remove(key);
            }

            return failure;
        }

        Touch(key, lifetime);
        return null;
    }

    public void Touch(int key, TimeSpan lifetime)
    {
        if (Unavailable is null)
        {
            Keyctl(KeyctlSetTimeout, key, lifetime <= TimeSpan.Zero ? 0 : (nint)Math.Max(1, (long)lifetime.TotalSeconds), 0);
        }
    }

    public void Remove(int key)
    {
        if (Unavailable is null)
        {
            Keyctl(KeyctlInvalidate, key, 0, 0);
        }
    }

    public void Clear(int keyring)
    {
        if (Unavailable is null)
        {
            Keyctl(KeyctlClear, keyring, 0, 0);
        }
    }

    /// <summary>
    /// This user's key quota as /proc/key-users reports it ("UID: USAGE KEYS/INSTANTIATED QKEYS/MAXKEYS
    /// QBYTES/MAXBYTES"), e.g. "19864 of 20000 bytes and 14 of 200 keys in use", or null when unreadable.
    /// Read only to explain a failure; the limits are kernel.keys.maxbytes and maxkeys (root_* for root).
    /// </summary>
    public static string? QuotaReport()
    {
        try
        {
            string uid = getuid().ToString(System.Globalization.CultureInfo.InvariantCulture) + ":";
            foreach (string line in File.ReadLines("/proc/key-users"))
            {
                string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields is [var who, _, _, var keys, var bytes] && who == uid)
                {
                    string[] k = keys.Split('/'), b = bytes.Split('/');
                    return $"{b[0]} of {b[1]} bytes and {k[0]} of {k[1]} keys of your user's kernel key quota in use";
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or IndexOutOfRangeException)
        {
            return null;
        }

        return null;
    }

    /// <summary>The session keyring's name: "keyring;UID;GID;PERM;NAME" from KEYCTL_DESCRIBE.</summary>
    private unsafe SessionReach Describe()
    {
        if (Unavailable is not null)
        {
            return new SessionReach(NoSession, SharedByUser: false);
        }

        Span<byte> buffer = stackalloc byte[256];
        nint length;
        fixed (byte* p = buffer)
        {
            length = Keyctl(KeyctlDescribe, _session, (nint)p, buffer.Length);
        }

        string text = length > 0 ? Encoding.UTF8.GetString(buffer[..(int)Math.Min(length, buffer.Length)]).TrimEnd('\0') : string.Empty;
        string name = text.Split(';') is { Length: 5 } parts ? parts[4] : "(unknown)";
        return new SessionReach(name, name.StartsWith("_uid_ses.", StringComparison.Ordinal));
    }

    private static KeyringFailure LastFailure()
    {
        int errno = Marshal.GetLastPInvokeError();
        return new KeyringFailure(errno, Marshal.GetPInvokeErrorMessage(errno));
    }

    /// <summary>keyctl(2) with integer arguments.</summary>
    private nint Keyctl(int operation, nint a2, nint a3, nint a4) => Syscall(_numbers!.Value.Keyctl, operation, a2, a3, a4, 0);

    private unsafe nint Keyctl(int operation, int id, byte[] type, byte[] description, int destination)
    {
        fixed (byte* t = type)
        fixed (byte* d = description)
        {
            return Syscall(_numbers!.Value.Keyctl, operation, id, (nint)t, (nint)d, destination);
        }
    }

    private unsafe nint AddKey(string type, string description, ReadOnlySpan<byte> payload, int keyring)
    {
        byte[] t = Utf8(type), d = Utf8(description);
        fixed (byte* tp = t)
        fixed (byte* dp = d)
        fixed (byte* pp = payload)
        {
            return Syscall(_numbers!.Value.AddKey, (nint)tp, (nint)dp, payload.IsEmpty ? 0 : (nint)pp, payload.Length, keyring);
        }
    }

    private static byte[] Utf8(string text)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1]; // NUL-terminated
        Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }

    [DllImport("libc")]
    private static extern uint getuid();

    // glibc's variadic syscall(2) reads integer arguments from the same registers as a fixed-arity call
    // on x86-64 and arm64 Linux, so one fixed signature serves every operation above.
    [DllImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static extern nint Syscall(nint number, nint a1, nint a2, nint a3, nint a4, nint a5);
}
