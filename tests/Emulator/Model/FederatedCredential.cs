namespace Emulator.Model;

/// <summary>A federated identity credential of an app: which external tokens Entra accepts for it.</summary>
internal sealed record FederatedCredential(string Issuer, string Subject, string Audience);
