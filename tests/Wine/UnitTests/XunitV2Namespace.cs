// The unit tests are written for xunit v2, whose ITestOutputHelper is in Xunit.Abstractions; xunit v3
// has it in Xunit (a global using here). This namespace lets their `using Xunit.Abstractions;` compile
// unchanged in this executable.
namespace Xunit.Abstractions;

internal static class XunitV2Namespace
{
}
