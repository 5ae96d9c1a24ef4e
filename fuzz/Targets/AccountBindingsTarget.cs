using System.Text.Json;
using GitEntraHelper.Diagnostics;
using GitEntraHelper.Fuzz.Harness;
using GitEntraHelper.Identity.User;

namespace GitEntraHelper.Fuzz.Targets;

/// <summary>
/// accounts.json, the organization → account bindings read on every get: <see cref="AccountBindingsReader"/>
/// returns bindings or refuses with <see cref="JsonException"/> (its documented failure); what it read
/// writes back through the store's serializer and reads back equal; the store itself
/// (<see cref="FileAccountBindingStore"/>, over a real file) never fails a git command over a damaged file.
/// </summary>
internal sealed class AccountBindingsTarget : IFuzzTarget
{
    private readonly Lazy<string> _file = new(() =>
    {
        string directory = Path.Combine(Path.GetTempPath(), $"git-entra-fuzz-accounts-{System.Environment.ProcessId}");
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, "accounts.json");
    });

    public string Name => "account-bindings";

    public string Description => "AccountBindingsReader on accounts.json, the serializer's round trip and the store over a real file";

    public IReadOnlyList<string> Dictionaries => ["json"];

    public void Run(byte[] input)
    {
        List<AccountBinding>? bindings = null;
        try
        {
            bindings = AccountBindingsReader.Read(input);
        }
        catch (JsonException)
        {
            // the documented refusal: the store starts without bindings
        }

        if (bindings is not null)
        {
            byte[] written = JsonSerializer.SerializeToUtf8Bytes(new AccountBindingsDocument { Organizations = bindings }, AccountBindingJsonContext.Default.AccountBindingsDocument);
            List<AccountBinding> again = AccountBindingsReader.Read(written);
            Invariant.Holds(again.SequenceEqual(bindings), "the bindings written back read back differently");
        }

        File.WriteAllBytes(_file.Value, input);
        var store = new FileAccountBindingStore(_file.Value, HelperTrace.Disabled);
        IReadOnlyList<AccountBinding> listed = store.ListAsync(CancellationToken.None).GetAwaiter().GetResult();
        Invariant.Holds(listed.All(b => b.Organization.Length > 0), "the store lists a binding without an organization");
        Invariant.Holds(bindings is null ? listed.Count == 0 : listed.SequenceEqual(bindings.Where(b => b.Organization.Length > 0)), "the store lists other bindings than the reader read");
    }
}
