using System.Runtime.InteropServices;
using GitEntraHelper.AzureDevOps;
using GitEntraHelper.Commands;
using GitEntraHelper.Diagnostics;
using GitEntraHelper.MemoryCache;
using GitEntraHelper.Platform;
using GitEntraHelper.Protocol;
using GitEntraHelper.Settings.GitConfig;

namespace GitEntraHelper.Front;

/// <summary>
/// The Linux executable git starts on every fetch and push: a small native program that answers what
/// needs no identity code — a token from the memory cache, a request that is not ours, a `store` — and
/// hands everything else to the engine beside it (git-credential-entra-engine, the whole helper) by
/// exec, with git's request already read passed on as its standard input. A process starts in time
/// proportional to its image, and the engine's MSAL, HTTP and D-Bus code triples it; the front's
/// answers never need them. docs/ARCHITECTURE.md ("Front and engine") measures it.
/// </summary>
public static class FrontDoor
{
    public static int Run(string[] args, long startTimestamp)
    {
        if (args is not [("get" or "store" or "erase") and var command])
        {
            return HandOver(args, input: null);
        }

        byte[] input;
        try
        {
            input = ReadAll(Console.OpenStandardInput(), CredentialReader.MaxInputBytes + 1);
        }
        catch (IOException)
        {
            return HandOver(args, input: []); // let the engine report the unreadable input
        }

        // Not a RecordingEnvironment: the front only checks recorded variables, it never records a run.
        IEnvironmentVariables environment = ProcessEnvironmentVariables.Instance;
        string? traceSetting = environment.Get(Variables.Trace);
        HelperTrace trace = string.IsNullOrWhiteSpace(traceSetting)
            ? HelperTrace.Disabled // without building Console.Error: most runs never write to it
            : HelperTrace.FromSetting(traceSetting, Console.Error, startTimestamp, PrivatePaths.OpenAppend);
        int? answer;
        try
        {
            answer = Answer(command, input, environment, trace);
        }
#pragma warning disable CA1031 // whatever went wrong here, the engine answers and reports it in one line
        catch (Exception e)
#pragma warning restore CA1031
        {
            trace.Write("front", $"unexpected {e.GetType().Name}: {e.Message}; the engine answers instead");
            answer = null;
        }

        if (answer is { } exitCode)
        {
            trace.Dispose();
            return exitCode;
        }

        return HandOver(args, input, trace);
    }

    /// <summary>The front's own answer (an exit code), or null when the engine must answer.</summary>
    private static int? Answer(string command, byte[] input, IEnvironmentVariables environment, HelperTrace trace)
    {
        CredentialRequest request;
        try
        {
            request = CredentialReader.Read(new MemoryStream(input, writable: false));
        }
        catch (HelperException)
        {
            return null; // the engine reports malformed input in its one-line form
        }

        if (command == "store")
        {
            return StoreCommand.Run(request, trace);
        }

        var prescan = new DeclaredProviderPrescan(environment, Environment.CurrentDirectory);
        if (!RemoteResolver.MayBeOurs(prescan, request, out string whyNot))
        {
            trace.WriteText("azure-devops", $"not ours: {whyNot}");
            return 0;
        }

        if (command != "get")
        {
            return null;
        }

        var lane = new MemoryCacheLane(new MemoryTokenCache(KernelKeyring.Instance, HelperPaths.FromEnvironment(environment), TimeProvider.System), prescan, environment, trace);
        return lane.KeyFor(request) is { } key && lane.TryAnswer(request, key, RawFile.StandardOutput()) ? 0 : null;
    }

    private static int HandOver(string[] args, byte[]? input, HelperTrace? trace = null)
    {
        string engine = HelperExecutable.EngineBeside(Environment.ProcessPath);
        trace?.WriteText("front", $"handing over to {engine}");
        trace?.Dispose();
        Console.Out.Flush();
        if (input is not null && !Native.ReplaceStandardInput(input))
        {
            return Fail($"cannot pass git's request on to {HelperExecutable.EngineName} (errno {Marshal.GetLastPInvokeError()})");
        }

        var argv = new string?[args.Length + 2];
        argv[0] = engine;
        args.CopyTo(argv, 1);
        Native.Exec(engine, argv); // returns only on failure
        return Fail($"cannot start {engine} (errno {Marshal.GetLastPInvokeError()}): reinstall git-credential-entra");
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"git-credential-entra: {message}");
        return 1;
    }

    private static byte[] ReadAll(Stream stream, int limit)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while (buffer.Length < limit && (read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static class Native
    {
        private const int MemfdCloexecOff = 0; // the engine must inherit it as its standard input

        /// <summary>Makes <paramref name="input"/> this process's standard input, from its start (an anonymous memory file).</summary>
        public static bool ReplaceStandardInput(byte[] input)
        {
            int fd = memfd_create("git-request", MemfdCloexecOff);
            return fd >= 0 && RawFile.WriteAll(fd, input) && lseek(fd, 0, 0) == 0 && dup2(fd, 0) == 0 && RawFile.Close(fd) == 0;
        }

        public static void Exec(string path, string?[] argv)
        {
            var pointers = new nint[argv.Length];
            try
            {
                for (int i = 0; i < argv.Length; i++)
                {
                    pointers[i] = argv[i] is { } arg ? Marshal.StringToCoTaskMemUTF8(arg) : 0;
                }

                execv(path, pointers);
            }
            finally
            {
                foreach (nint pointer in pointers)
                {
                    Marshal.FreeCoTaskMem(pointer);
                }
            }
        }

        [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false)]
        private static extern int memfd_create([MarshalAs(UnmanagedType.LPUTF8Str)] string name, uint flags);

        [DllImport("libc", SetLastError = true)]
        private static extern long lseek(int fd, long offset, int whence);

        [DllImport("libc", SetLastError = true)]
        private static extern int dup2(int oldFd, int newFd);

        [DllImport("libc", SetLastError = true)]
        private static extern int execv([MarshalAs(UnmanagedType.LPUTF8Str)] string path, nint[] argv);
    }
}
