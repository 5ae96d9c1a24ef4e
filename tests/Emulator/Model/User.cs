namespace Emulator.Model;

/// <summary>A user account that can sign in interactively or by device code.</summary>
internal sealed record User(string ObjectId, string Upn, string DisplayName, Tenant Tenant);
