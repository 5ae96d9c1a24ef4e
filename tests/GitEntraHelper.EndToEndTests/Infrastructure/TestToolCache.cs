namespace GitEntraHelper.EndToEndTests.Infrastructure;

/// <summary>
/// Where eng/build-git.sh and eng/install-git-lfs.sh put the newer git and git-lfs:
/// ${XDG_CACHE_HOME:-$HOME/.cache}/git-credential-entra-tests (the scripts spell the same folder).
/// </summary>
public static class TestToolCache
{
    public static string PathOf(params string[] parts)
    {
        var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (string.IsNullOrEmpty(cache))
        {
            cache = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        }

        return Path.Combine([cache, "git-credential-entra-tests", .. parts]);
    }
}
