// Runs the micro-benchmarks in this assembly; BenchmarkDotNet's own arguments (--filter, --artifacts) apply.
using BenchmarkDotNet.Running;
using GitEntraHelper.Micro;

BenchmarkSwitcher.FromAssembly(typeof(MicroConfig).Assembly).Run(args, new MicroConfig());
