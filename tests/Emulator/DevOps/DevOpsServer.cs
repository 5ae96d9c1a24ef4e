using System.Security.Cryptography.X509Certificates;
using Emulator.Hosting;

namespace Emulator.DevOps;

/// <summary>The Azure DevOps side: EMULATOR_DEVOPS_URL (https://127.0.0.1:PORT/{org}/...).</summary>
internal static class DevOpsServer
{
    public static WebApplication Create(EmulatorContext context, X509Certificate2 tls)
    {
        var app = ServerFactory.Create(tls);
        var handler = new DevOpsRequestHandler(context);
        app.Run(handler.HandleAsync);
        return app;
    }
}
