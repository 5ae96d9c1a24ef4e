using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;

namespace GitEntraHelper.Micro;

/// <summary>
/// Short in-process job (no generated project to build, so bench/run stays within minutes), with
/// allocations per operation and a JSON report that bench/lib/report.py reads.
/// </summary>
public sealed class MicroConfig : ManualConfig
{
    public MicroConfig()
    {
        AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(2)
            .WithIterationCount(10)
            .WithIterationTime(TimeInterval.FromMilliseconds(100))
            .WithId("short-in-process"));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddExporter(JsonExporter.Full);
        AddColumnProvider(DefaultConfig.Instance.GetColumnProviders().ToArray());
        AddLogger(DefaultConfig.Instance.GetLoggers().ToArray());
    }
}
