using System.Runtime.InteropServices;
using System.Text;

namespace GitEntraHelper.Platform;

/// <summary>The few kernel keyring operations the memory cache needs (a seam for unit tests).</summary>
public interface IKernelKeyring
{
    /// <summary>Why the keyring cannot be used here, or null when it can.</summary>
    string? Unavailable { get; }

    /// <summary>The key or keyring of that type and description reachable from the user keyring, or null.</summary>
    int? Search(string type, string description);

    /// <summary>The payload, or null when the key is gone, expired or unreadable.</summary>
    byte[]? Read(int key);

    /// <summary>Our keyring of that description inside the user keyring, created (owner-only) when missing.</summary>
    int? EnsureKeyring(string description);

    /// <summary>Adds or replaces a "user" key in <paramref name="keyring"/>, owner-only, gone after <paramref name="lifetime"/>.</summary>
    /// <returns>Null on success, else the reason (errno text).</returns>
    string? Put(int keyring, string description, ReadOnlySpan<byte> payload, TimeSpan lifetime);

    /// <summary>Unlinks every key in a keyring of ours.</summary>
    void Clear(int keyring);
}

/// <summary>
/// Linux kernel keyring through the add_key and keyctl system calls (no libkeyutils needed). Keys live
/// in kernel memory — never on disk, never swapped — and the kernel drops each at its timeout. Every
/// key and keyring we create is readable only by its owner's uid (the same reach as the Secret
/// Service's unlocked collection). Where a container's seccomp profile refuses these calls, the
/// caller falls back to the regular path.
/// </summary>
public sealed class KernelKeyring : IKernelKeyring
{
    public static KernelKeyring Instance { get; } = new();

    private const int UserKeyring = -4; // KEY_SPEC_USER_KEYRING
    private const int KeyctlGetKeyringId = 0, KeyctlSetPerm = 5, KeyctlClear = 7, KeyctlSearch = 10, KeyctlRead = 11, KeyctlSetTimeout = 15;

    // Possessor: everything. Owner uid: view, read, write, search, link, setattr. Group, other: nothing.
    private const int OwnerOnly = 0x3f3f0000;

    private readonly (nint AddKey, nint Keyctl)? _numbers = RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => (248, 250),
        Architecture.Arm64 => (217, 219),
        _ => null,
    };

    private string? _refused;
    private bool _probed;

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
                // One cheap call tells whether this process may use keyrings at all: Docker's default
                // seccomp profile, for one, refuses every keyring system call with EPERM.
                _probed = true;
                if (Keyctl(KeyctlGetKeyringId, UserKeyring, 0, 0) < 0)
                {
                    int errno = Marshal.GetLastPInvokeError();
                    _refused = $"the kernel refused keyring system calls ({Marshal.GetPInvokeErrorMessage(errno)}, errno {errno}; "
                        + "a container's seccomp profile does this)";
                }
            }

            return _refused;
        }
    }

    public int? Search(string type, string description)
    {
        if (Unavailable is not null)
        {
            return null;
        }

        nint result = Keyctl(KeyctlSearch, UserKeyring, Utf8(type), Utf8(description), 0);
        return result >= 0 ? (int)result : null;
    }

    [System.Runtime.CompilerServices.SkipLocalsInit] // the stack buffer is written before it is read
    public unsafe byte[]? Read(int key)
    {
        if (Unavailable is not null)
        {
            return null;
        }

        // Tokens fit in 4 KiB: read into the stack, and copy out only the payload (no heap buffer to
        // clear, and no 16 KiB allocation on the hot path). The call returns the full length, so a
        // larger payload is read again into a buffer of its size.
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

        nint created = AddKey("keyring", description, ReadOnlySpan<byte>.Empty, UserKeyring);
        if (created < 0)
        {
            return null;
        }

        Keyctl(KeyctlSetPerm, created, OwnerOnly, 0);
        return (int)created;
    }

    public string? Put(int keyring, string description, ReadOnlySpan<byte> payload, TimeSpan lifetime)
    {
        if (Unavailable is { } why)
        {
            return why;
        }

        nint key = AddKey("user", description, payload, keyring);
        if (key < 0)
        {
            return Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError());
        }

        // A key is born readable by its possessor only; widen to its owner so a later process finds it
        // whatever its session keyring, and give it the token's lifetime.
        Keyctl(KeyctlSetPerm, key, OwnerOnly, 0);
        Keyctl(KeyctlSetTimeout, key, (nint)Math.Max(1, (long)lifetime.TotalSeconds), 0);
        return null;
    }

    public void Clear(int keyring)
    {
        if (Unavailable is null)
        {
            Keyctl(KeyctlClear, keyring, 0, 0);
        }
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

    // glibc's variadic syscall(2) reads integer arguments from the same registers as a fixed-arity call
    // on x86-64 and arm64 Linux, so one fixed signature serves every operation above.
    [DllImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static extern nint Syscall(nint number, nint a1, nint a2, nint a3, nint a4, nint a5);
}
