using GitEntraHelper.Diagnostics;

namespace GitEntraHelper.TokenCache;

/// <summary>
/// Linux's default ("os") protection for one partition: the Secret Service through libsecret when one
/// can be reached, else the kernel keyring (<see cref="KernelCacheStorage"/>). The choice is made per
/// process by the shared <see cref="SecretServiceReach"/>: from the environment before any call, or at
/// the first libsecret failure that means nobody provides the service (that call is then served by the
/// kernel keyring instead). Never a downgrade to a file: plain text stays opt-in only.
/// </summary>
internal sealed class LinuxCacheStorage(SecretServiceReach reach, ICacheStorage secretService, ICacheStorage kernel, Action<string> trace) : ICacheStorage
{
    private bool _announced;

    public string Description => Current.Description;

    public string VersionFilePath => Current.VersionFilePath;

    public byte[]? Read() => Run(static s => s.Read());

    public void Write(byte[] data) => Run(s => { s.Write(data); return true; });

    public string SetAside(byte[]? raw, string suffix) => Run(s => s.SetAside(raw, suffix));

    public void Clear() => Run(static s => { s.Clear(); return true; });

    public void Verify() => Run(static s => { s.Verify(); return true; });

    private ICacheStorage Current => reach.Absent is null ? secretService : Announce(kernel);

    private T Run<T>(Func<ICacheStorage, T> operation)
    {
        if (reach.Absent is not null)
        {
            return operation(Announce(kernel));
        }

        try
        {
            return operation(secretService);
        }
        catch (HelperException e) when (reach.Learn(e))
        {
            return operation(Announce(kernel));
        }
    }

    private ICacheStorage Announce(ICacheStorage storage)
    {
        if (!_announced)
        {
            _announced = true;
            trace($"token cache: no Secret Service is reachable ({reach.Absent}); keeping it in kernel memory instead: {storage.Description}");
        }

        return storage;
    }
}
