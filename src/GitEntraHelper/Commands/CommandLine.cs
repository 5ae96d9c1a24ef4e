using GitEntraHelper.Diagnostics;

namespace GitEntraHelper.Commands;

/// <summary>
/// Maps arguments to a command and every failure to one stderr line and an exit code: 0 success or
/// "not ours", 1 failure (<see cref="HelperException"/>), 2 usage error. Never a stack trace.
/// </summary>
public static class CommandLine
{
    public static async Task<int> RunAsync(string[] args, Func<HelperContext> createContext)
    {
        if (HelpCommand.IsHelpRequest(args))
        {
            return HelpCommand.Run(args, Console.Out, Console.Error);
        }

        if (args.Length == 1 && args[0] is "--version" or "-V" or "version")
        {
            return VersionCommand.Run(Console.Out);
        }

        if (args.Length >= 1 && args[0] is "token" or "diagnose" or "account" or "pat" or "login" or "status")
        {
            HelperContext toolContext = createContext();
            return await RunToolAsync(args[0], args[1..], toolContext).ConfigureAwait(false);
        }

        if (args.Length >= 1 && args[0] is "configure" or "unconfigure" or "migrate")
        {
            Setup.SetupHost host = Setup.SetupHost.ForProcess();
            string[] rest = [.. args[1..].Where(a => a is not ("--quiet" or "-q"))];
            if (rest.Length != args.Length - 1 && args[0] is "configure" or "unconfigure")
            {
                host = host.Quiet(); // informational lines only; an installer or script checks the exit code
            }

            return args[0] switch
            {
                "configure" => ConfigureCommand.Run(rest, host),
                "unconfigure" => UnconfigureCommand.Run(rest, host),
                _ => MigrateCommand.Run(args[1..], host, Platform.ProcessEnvironmentVariables.Instance),
            };
        }

        if (args.Length >= 1 && args[0] == "logout")
        {
            HelperContext logout = createContext();
            return await RunCommandAsync("logout", logout, () => LogoutCommand.RunAsync(args[1..], logout, CancellationToken.None)).ConfigureAwait(false);
        }

        if (args is [var unknown, ..] && Help.HelpCatalogue.Find(unknown) is null && !unknown.StartsWith('-'))
        {
            return HelpCommand.Unknown(unknown, Console.Error);
        }

        if (args.Length != 1 || args[0] is not ("get" or "store" or "erase"))
        {
            Console.Error.WriteLine(HelpCommand.Usage);
            return HelperException.UsageExitCode;
        }

        HelperContext context = createContext();
        return await RunCommandAsync(args[0], context).ConfigureAwait(false);
    }

    public static Task<int> RunCommandAsync(string command, HelperContext context) =>
        RunCommandAsync(command, context, async () => command switch
        {
            "get" => await GetCommand.RunAsync(context, CancellationToken.None).ConfigureAwait(false),
            "store" => StoreCommand.Run(Protocol.CredentialReader.Read(context.Input), context.Trace),
            "erase" => await EraseCommand.RunAsync(context, CancellationToken.None).ConfigureAwait(false),
            _ => throw new HelperException(HelpCommand.Usage, HelperException.UsageExitCode),
        });

    /// <summary>Runs any command body with the trace header and the one-line failure mapping.</summary>
    public static async Task<int> RunCommandAsync(string command, HelperContext context, Func<Task<int>> body)
    {
        using HelperTrace trace = context.Trace;
        trace.Write("command", $"{command} (git-credential-entra {VersionCommand.Version}, pid {Environment.ProcessId})");
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (HelperException e)
        {
            trace.Write("command", $"failed: {e.Message}");
            foreach (string hint in e.Hints)
            {
                trace.Write("command", $"hint: {hint}");
            }

            return e.AlreadyShown ? e.ExitCode : Fail(context.Error, e.Message, e.ExitCode, e.Hints);
        }
#pragma warning disable CA1031 // the last line of defence: one line, no stack trace, whatever went wrong
        catch (Exception e)
#pragma warning restore CA1031
        {
            trace.Write("command", $"unexpected {e.GetType().Name}: {e.Message}");
            return Fail(context.Error, $"unexpected error ({e.GetType().Name}): {FirstLine(e.Message)}", 1, ["run with GIT_ENTRA_TRACE=1 for details"]);
        }
    }

    /// <summary>Commands people run (token, diagnose, account, pat, login, status): same one-line failures as git's commands.</summary>
    public static Task<int> RunToolAsync(string command, string[] arguments, HelperContext context) =>
        RunCommandAsync(command, context, async () => command switch
        {
            "token" => await TokenCommand.RunAsync(context, arguments, CancellationToken.None).ConfigureAwait(false),
            "diagnose" => await DiagnoseCommand.RunAsync(context, arguments, CancellationToken.None).ConfigureAwait(false),
            "account" => await AccountCommand.RunAsync(context, arguments, CancellationToken.None).ConfigureAwait(false),
            "pat" => await PatCommand.RunAsync(context, arguments, CancellationToken.None).ConfigureAwait(false),
            "login" => await LoginCommand.RunAsync(context, arguments, CancellationToken.None).ConfigureAwait(false),
            "status" => await StatusCommand.RunAsync(context, arguments, CancellationToken.None).ConfigureAwait(false),
            _ => throw new HelperException(HelpCommand.Usage, HelperException.UsageExitCode),
        });

    /// <summary>
    /// What escaped everything else (Program.cs): one scrubbed line straight to descriptor 2, as
    /// Console.Error may be what failed; nothing at all when even stderr cannot be written. Exit 1.
    /// </summary>
    public static int Unexpected(Exception e)
    {
        string line = string.Join('\n', FailureLines.Render($"unexpected error ({e.GetType().Name}): {FirstLine(e.Message)}", [])) + "\n";
        try
        {
            if (OperatingSystem.IsLinux())
            {
                _ = Platform.RawFile.WriteAll(2, System.Text.Encoding.UTF8.GetBytes(line));
            }
            else
            {
                Console.Error.Write(line);
                Console.Error.Flush();
            }
        }
#pragma warning disable CA1031 // stderr is gone too: the exit code is all that is left
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        return 1;
    }

    private static int Fail(TextWriter error, string message, int exitCode, IReadOnlyList<string> hints)
    {
        FailureLines.Write(error, message, hints);
        return exitCode == 0 ? 1 : exitCode;
    }

    private static string FirstLine(string message)
    {
        int newline = message.AsSpan().IndexOfAny('\r', '\n');
        return newline < 0 ? message : message[..newline];
    }
}
