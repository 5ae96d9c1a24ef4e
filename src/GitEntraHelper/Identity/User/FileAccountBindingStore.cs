using System.Text.Json;
using System.Text.Json.Serialization;
using GitEntraHelper.Diagnostics;
using GitEntraHelper.Platform;

namespace GitEntraHelper.Identity.User;

/// <summary>
/// Account bindings as one small JSON file in the state directory (no secrets in it). Read once per
/// process; every change re-reads the file and replaces it atomically, so concurrent helpers that bind
/// different organizations do not undo each other and a crash never leaves half a file.
/// </summary>
internal sealed class FileAccountBindingStore(string path, HelperTrace trace) : IAccountBindingStore
{
    private List<AccountBinding>? _loaded;

    public async Task<AccountBinding?> GetAsync(string organization, CancellationToken cancellationToken) =>
        (await LoadAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(b => Same(b.Organization, organization));

    public async Task<IReadOnlyList<AccountBinding>> ListAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken).ConfigureAwait(false);

    public async Task SaveAsync(AccountBinding binding, CancellationToken cancellationToken)
    {
        List<AccountBinding> current = await ReadAsync(cancellationToken).ConfigureAwait(false);
        current.RemoveAll(b => Same(b.Organization, binding.Organization));
        current.Add(binding with { Organization = binding.Organization.ToLowerInvariant() });
        await WriteAsync(current, cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> RemoveAsync(string organization, CancellationToken cancellationToken)
    {
        List<AccountBinding> current = await ReadAsync(cancellationToken).ConfigureAwait(false);
        if (current.RemoveAll(b => Same(b.Organization, organization)) == 0)
        {
            return false;
        }

        await WriteAsync(current, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private async Task<List<AccountBinding>> LoadAsync(CancellationToken cancellationToken) =>
        _loaded ??= await ReadAsync(cancellationToken).ConfigureAwait(false);

    private async Task<List<AccountBinding>> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            byte[] json = new byte[stream.Length];
            await stream.ReadExactlyAsync(json, cancellationToken).ConfigureAwait(false);
            return AccountBindingsReader.Read(json).Where(b => !string.IsNullOrEmpty(b.Organization)).ToList();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return [];
        }
        catch (JsonException e)
        {
            // Bindings are a convenience: a damaged file costs one account choice, never a failed git command.
            trace.Write("signin", $"account bindings in {path} are unreadable ({e.Message}); starting without them");
            return [];
        }
    }

    private async Task WriteAsync(List<AccountBinding> bindings, CancellationToken cancellationToken)
    {
        bindings.Sort((a, b) => string.CompareOrdinal(a.Organization, b.Organization));
        byte[] bytes = JsonSerializer.SerializeToUtf8Bytes(new AccountBindingsDocument { Organizations = bindings }, AccountBindingJsonContext.Default.AccountBindingsDocument);
        AtomicFile.WriteAllBytes(path, bytes);
        _loaded = bindings;
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}

/// <summary>The file format: versioned so a later release can migrate it.</summary>
internal sealed class AccountBindingsDocument
{
    public int Version { get; set; } = 1;

    public List<AccountBinding> Organizations { get; set; } = [];
}

[JsonSerializable(typeof(AccountBindingsDocument))]
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault)]
internal sealed partial class AccountBindingJsonContext : JsonSerializerContext;
