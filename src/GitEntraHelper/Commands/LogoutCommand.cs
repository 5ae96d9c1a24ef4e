using GitEntraHelper.Diagnostics;
using GitEntraHelper.Settings;
using GitEntraHelper.TokenCache;

namespace GitEntraHelper.Commands;

/// <summary>
/// `git credential-entra logout --all`: removes every cached token of every identity (the signed-in
/// users' cache, service principals' app tokens, set-aside copies) from the OS store or the opted-in
/// plain-text files. The next git operation signs in again.
/// </summary>
public static class LogoutCommand
{
    public const string Usage = "usage: git credential-entra logout --all";

    public static async Task<int> RunAsync(string[] args, HelperContext context, CancellationToken cancellationToken)
    {
        if (args is not ["--all"])
        {
            throw new HelperException(Usage, CommandLine.UsageExitCode);
        }

        // No remote URL here: general (not URL-specific) git config applies.
        var settings = HelperSettings.ForUrl(context.Environment, context.GitConfig, "https://dev.azure.com/");
        var persistence = TokenCachePersistence.Create(settings, context.Paths, context.Trace);
        return await LogoutAllAsync(persistence, context.Output, cancellationToken).ConfigureAwait(false);
    }

    internal static async Task<int> LogoutAllAsync(ITokenCachePersistence persistence, Stream output, CancellationToken cancellationToken)
    {
        var partitions = persistence.StoredPartitions();
        using var writer = new StreamWriter(output, leaveOpen: true);
        if (partitions.Count == 0)
        {
            await writer.WriteLineAsync("no cached tokens: nothing to remove").ConfigureAwait(false);
            return 0;
        }

        foreach (var partition in partitions)
        {
            var where = persistence.Describe(partition);
            await persistence.ClearAsync(partition, cancellationToken).ConfigureAwait(false);
            await writer.WriteLineAsync($"removed cached tokens: {where}").ConfigureAwait(false);
        }

        return 0;
    }
}
