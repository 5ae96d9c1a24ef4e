namespace Emulator.DevOps;

/// <summary>Who a valid access token says the caller is.</summary>
internal sealed record Caller(string ObjectId, string TenantId, string DisplayName, string Uti, bool IsApp);

/// <summary>Why a presented token was not accepted.</summary>
internal enum TokenProblem { None, Missing, Malformed, BadSignature, WrongAudience, WrongIssuer, Expired }
