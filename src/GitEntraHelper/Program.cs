// Entry point: arguments → command. Kept tiny; each command lives in Commands/.
using System.Diagnostics;
using GitEntraHelper.Commands;
using GitEntraHelper.Identity.User;

long started = Stopwatch.GetTimestamp();
#if GIT_ENTRA_FRONT
// Linux native publish: this is the small front; the engine (this program without the symbol) is beside it.
return GitEntraHelper.Front.FrontDoor.Run(args, started);
#else
Task<int> RunCommand() => CommandLine.RunAsync(args, () => HelperContext.ForProcess(started));

// On macOS the main thread must host MSAL's message loop for the broker; elsewhere run directly.
return OperatingSystem.IsMacOS() ? MacMainThreadLoop.Run(RunCommand) : await RunCommand().ConfigureAwait(false);
#endif
