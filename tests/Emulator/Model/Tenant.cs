namespace Emulator.Model;

/// <summary>An Entra tenant: its id and the domain its users' UPNs end with.</summary>
internal sealed record Tenant(string Id, string Domain);
