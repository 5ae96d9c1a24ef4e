using GitEntraHelper.Diagnostics;

namespace GitEntraHelper.Protocol;

/// <summary>
/// What we answer git: an ordered list of attributes whose secret values stay <see cref="Secret"/>
/// until <see cref="CredentialWriter"/> writes them.
/// </summary>
public sealed class CredentialResponse
{
    /// <summary>User name for the Basic form when git sent none; Azure DevOps ignores it for Entra tokens.</summary>
    public const string FallbackUsername = "entra";

    private readonly List<(string Key, string? Text, Secret? Secret)> _attributes = [];

    public IEnumerable<(string Key, string? Text, Secret? Secret)> Attributes => _attributes;

    public CredentialResponse Add(string key, string value)
    {
        _attributes.Add((key, value, null));
        return this;
    }

    public CredentialResponse AddSecret(string key, Secret value)
    {
        _attributes.Add((key, null, value));
        return this;
    }

    /// <summary>
    /// The answer for an access token. With git's <c>capability[]=authtype</c> (git ≥ 2.46):
    /// <c>authtype=Bearer</c> + <c>credential=</c>, marked ephemeral so no storage helper keeps it;
    /// otherwise the token as password (Azure DevOps accepts an Entra token in Basic auth).
    /// Always with <c>password_expiry_utc</c> so git never reuses it after it expires.
    /// </summary>
    /// <param name="request">git's request (capabilities, user name).</param>
    /// <param name="token">The access token.</param>
    /// <param name="expiresOn">When the token expires.</param>
    /// <param name="fallbackUsername">User name when git sent none (Azure DevOps ignores it for tokens).</param>
    public static CredentialResponse ForAccessToken(CredentialRequest request, Secret token, DateTimeOffset expiresOn, string fallbackUsername)
    {
        string expiry = expiresOn.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var response = new CredentialResponse();
        if (request.HasCapability("authtype"))
        {
            return response
                .Add("capability[]", "authtype")
                .Add("authtype", "Bearer")
                .AddSecret("credential", token)
                .Add("ephemeral", "1")
                .Add("password_expiry_utc", expiry);
        }

        return response
            .Add("username", string.IsNullOrEmpty(request.Username) ? fallbackUsername : request.Username)
            .AddSecret("password", token)
            .Add("password_expiry_utc", expiry);
    }

    /// <summary>
    /// `get`'s one answer format, from either the memory cache or a token source: the token in the form git
    /// understands, and — for git's first ask when it offers <c>capability[]=state</c> — the retry marker
    /// (<see cref="ChallengeRetry"/>).
    /// </summary>
    public static CredentialResponse ForGet(CredentialRequest request, Secret token, DateTimeOffset expiresOn) =>
        ChallengeRetry.Annotate(ForAccessToken(request, token, expiresOn, FallbackUsername), request, token);

    public override string ToString() =>
        string.Join(' ', _attributes.Select(a => $"{a.Key}={(a.Secret is { } s ? s.ToString() : a.Text)}"));
}
