namespace Emulator.DevOps;

/// <summary>
/// The api-version rule of Azure DevOps REST resources in preview, such as the PAT API: a version is
/// required, and it must carry "-preview" (e.g. 7.1-preview.1, as the reference names it).
/// </summary>
internal static class ApiVersion
{
    /// <summary>Null when the request may proceed; otherwise the error to write.</summary>
    public static Func<HttpContext, Task>? Check(HttpRequest request)
    {
        var version = request.Query["api-version"].FirstOrDefault();
        if (string.IsNullOrWhiteSpace(version))
        {
            return http => VssError.WriteAsync(http, StatusCodes.Status400BadRequest,
                $"No api-version was supplied for the \"{request.Method}\" request. The version must be supplied either as part of the Accept header (e.g. \"application/json; api-version=1.0\") or as a query parameter (e.g. \"?api-version=1.0\").",
                "VssVersionNotSpecifiedException", "Microsoft.VisualStudio.Services.WebApi");
        }

        var dash = version.IndexOf('-', StringComparison.Ordinal);
        var number = dash < 0 ? version : version[..dash];
        if (!Version.TryParse(number, out _))
        {
            return http => VssError.WriteAsync(http, StatusCodes.Status400BadRequest,
                $"The api-version '{version}' is not valid. The version must be of the form 'major.minor' (e.g. 7.1-preview.1).",
                "VssInvalidApiVersionException", "Microsoft.VisualStudio.Services.WebApi");
        }

        if (dash < 0 || !version[dash..].StartsWith("-preview", StringComparison.OrdinalIgnoreCase))
        {
            return http => VssError.WriteAsync(http, StatusCodes.Status400BadRequest,
                $"The requested version \"{version}\" of the resource is under preview. The -preview flag must be supplied in the api-version for such requests. For example: \"{number}-preview\"",
                "VssInvalidPreviewVersionException", "Microsoft.VisualStudio.Services.WebApi");
        }

        return null;
    }
}
