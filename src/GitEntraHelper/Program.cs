// Entry point: arguments → command. Kept tiny; each command lives in Commands/.
using System.Diagnostics;
using GitEntraHelper.Commands;
using GitEntraHelper.Identity.User;
using GitEntraHelper.Platform;

RawFile.SecureStandardDescriptors(); // before anything can open a file or build Console.*
long started = Stopwatch.GetTimestamp();
#if GIT_ENTRA_FRONT
// Linux native publish: this is the small front; the engine (this program without the symbol) is beside it.
try
{
    return GitEntraHelper.Front.FrontDoor.Run(args, started);
}
#pragma warning disable CA1031 // the last line of defence: one line, never a stack trace or a core file
catch (Exception e)
#pragma warning restore CA1031
{
    return CommandLine.Unexpected(e);
}
#else
async Task<int> RunCommand()
{
    try
    {
        return await CommandLine.RunAsync(args, () => HelperContext.ForProcess(started)).ConfigureAwait(false);
    }
#pragma warning disable CA1031 // the last line of defence: one line, never a stack trace or a core file
    catch (Exception e)
#pragma warning restore CA1031
    {
        return CommandLine.Unexpected(e);
    }
}

// On macOS the main thread must host MSAL's message loop for the broker; elsewhere run directly.
return OperatingSystem.IsMacOS() ? MacMainThreadLoop.Run(RunCommand) : await RunCommand().ConfigureAwait(false);
#endif
