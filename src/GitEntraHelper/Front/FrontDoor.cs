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

        GitRequestInput input = GitRequestInput.Read(Console.OpenStandardInput());
        if (input.Unreadable is { } why)
        {
            return Fail(why);
        }

        // Not a RecordingEnvironment: the front only checks recorded variables, it never records a run.
        IEnvironmentVariables environment = ProcessEnvironmentVariables.Instance;
        HelperTrace trace = HelperTrace.Disabled;
        int? answer = null;
        try
        {
            string? traceSetting = environment.Get(Variables.Trace);
            trace = string.IsNullOrWhiteSpace(traceSetting)
                ? HelperTrace.Disabled // without building Console.Error: most runs never write to it
                : HelperTrace.FromSetting(traceSetting, Console.Error, startTimestamp, PrivatePaths.OpenAppend);
            answer = input.Request is { } request ? Answer(command, request, environment, trace) : null;
        }
#pragma warning disable CA1031 // whatever went wrong here (a broken stderr included), the engine answers and reports it in one line
        catch (Exception e)
#pragma warning restore CA1031
        {
            Quietly(() => trace.Write("front", $"unexpected {e.GetType().Name}: {e.Message}; the engine answers instead"));
            answer = null;
        }

        if (answer is { } exitCode)
        {
            Quietly(trace.Dispose);
            return exitCode;
        }

        return HandOver(args, input.Bytes, trace);
    }

    /// <summary>The front's own answer (an exit code), or null when the engine must answer.</summary>
    private static int? Answer(string command, CredentialRequest request, IEnvironmentVariables environment, HelperTrace trace)
    {
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

    /// <summary>Tracing must never change an answer: a stderr that cannot be written is ignored here.</summary>
    private static void Quietly(Action write)
    {
        try
        {
            write();
        }
#pragma warning disable CA1031 // the trace is best effort
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private static int HandOver(string[] args, byte[]? input, HelperTrace? trace = null)
    {
        string engine = HelperExecutable.EngineBeside(Environment.ProcessPath);
        if (trace is not null)
        {
            Quietly(() => trace.WriteText("front", $"handing over to {engine}"));
            Quietly(trace.Dispose);
        }

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
