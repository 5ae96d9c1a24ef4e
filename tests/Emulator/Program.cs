// Local Entra ID + Azure DevOps stand-in. See README.md in this folder.
using System.Diagnostics;
using System.Runtime.InteropServices;
using Emulator;
using Emulator.Hosting;

var options = CommandLine.Parse(args, out var error);
if (options is null)
{
    Console.Error.WriteLine(error);
    return 2;
}

var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
void OnSignal(PosixSignalContext signal)
{
    signal.Cancel = true; // we shut down ourselves, cleanly
    stop.TrySetResult();
}

using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);

await using var host = new EmulatorHost();
var clock = Stopwatch.StartNew();
try
{
    await host.StartAsync(options);
}
catch (Exception exception) when (exception is IOException or InvalidOperationException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"emulator: could not start: {exception.Message}");
    return 1;
}

Console.WriteLine($"emulator: serving in {clock.ElapsedMilliseconds} ms; environment in {Path.Combine(options.StateDirectory, EnvFile.FileName)}");
if (options.ParentProcessId is { } parent)
{
    _ = ParentWatch.StopWhenGoneAsync(parent, stop);
}

await stop.Task;
Console.WriteLine("emulator: stopping");
return 0;
