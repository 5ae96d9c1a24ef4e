using GitEntraHelper.Diagnostics;
using GitEntraHelper.Platform;

namespace GitEntraHelper.Identity;

/// <summary>
/// What the token sources use of the world outside them, given by the composition root
/// (Commands/HelperContext) and replaced in tests. Building it touches nothing.
/// </summary>
public sealed class IdentityServices
{
    public required IEnvironmentVariables Environment { get; init; }

    public required HelperTrace Trace { get; init; }

    public required HelperPaths Paths { get; init; }

    /// <summary>Where sign-in instructions (a device code, a URL to open) go: stderr and the terminal, never stdout.</summary>
    public required ITerminal Terminal { get; init; }

    /// <summary>Starts az and browsers.</summary>
    public required ICommandRunner Commands { get; init; }

    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Creates the HTTP handler for the requests a source makes to Azure DevOps itself (tests substitute it).</summary>
    public Func<HttpMessageHandler> CreateHttpHandler { get; init; } = static () => new SocketsHttpHandler();
}
