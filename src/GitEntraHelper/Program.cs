// Entry point: arguments → command. Kept tiny; each command lives in Commands/.
using System.Diagnostics;
using GitEntraHelper.Commands;

long started = Stopwatch.GetTimestamp();
return await CommandLine.RunAsync(args, () => HelperContext.ForProcess(started)).ConfigureAwait(false);
