using GitEntraHelper.Diagnostics;
using GitEntraHelper.Fuzz.Harness;
using GitEntraHelper.Protocol;
using GitEntraHelper.Tests.Protocol;

namespace GitEntraHelper.Fuzz.Targets;

/// <summary>
/// git's credential description through <see cref="CredentialReader"/>: it returns a request or refuses
/// with <see cref="HelperException"/> (one line); what it accepted writes back through
/// <see cref="CredentialWriter"/> as well-formed lines that read back to the same request, and the
/// answer `get` builds for it (<see cref="CredentialResponse.ForGet"/>) is well-formed too.
/// </summary>
internal sealed class CredentialProtocolTarget : IFuzzTarget
{
    private static readonly Secret Token = new("fuzz-access-token");

    public string Name => "credential-protocol";

    public string Description => "CredentialReader on git's key=value lines, the writer's round trip and get's answer";

    public IReadOnlyList<string> Dictionaries => ["protocol"];

    public void Run(byte[] input)
    {
        CredentialRequest request;
        try
        {
            request = CredentialReader.Read(new MemoryStream(input));
        }
        catch (HelperException e)
        {
            Invariant.IsOneLine(e.Message, "reader refusal");
            Invariant.Holds(e.Message.StartsWith("invalid credential input from git: ", StringComparison.Ordinal), $"refusal without its prefix: {Invariant.Show(e.Message)}");
            return;
        }

        // Whatever the reader accepted can be written: no value it returns can break git's framing.
        byte[] echoed = CredentialWriter.Encode(RequestEcho.ToResponse(request));
        Invariant.IsWellFormedCredentialOutput(echoed);
        CredentialRequest again = CredentialReader.Read(new MemoryStream(echoed));
        Invariant.Holds(RequestEcho.Describe(again) == RequestEcho.Describe(request), "the echoed request reads back differently");

        byte[] answer = CredentialWriter.Encode(CredentialResponse.ForGet(request, Token, DateTimeOffset.FromUnixTimeSeconds(1_900_000_000)));
        Invariant.IsWellFormedCredentialOutput(answer);
        CredentialRequest answered = CredentialReader.Read(new MemoryStream(answer));
        Invariant.Holds((answered.Password ?? answered.Credential)?.Reveal() == Token.Reveal(), "get's answer does not carry the token exactly once");
        Invariant.Holds(answered.Password is null || answered.Credential is null, "get's answer carries the token twice");

        _ = request.ToString(); // traces print every request: it must never fail
    }
}
