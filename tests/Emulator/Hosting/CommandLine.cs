namespace Emulator.Hosting;

/// <summary>--state-dir DIR [--auto-approve] [--parent-pid PID]</summary>
internal sealed record CommandLine(string StateDirectory, bool AutoApprove, int? ParentProcessId)
{
    public const string Usage = "usage: Emulator --state-dir DIR [--auto-approve] [--parent-pid PID]";

    public static CommandLine? Parse(string[] args, out string? error)
    {
        error = null;
        string? stateDirectory = null;
        var autoApprove = false;
        int? parent = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--state-dir" when i + 1 < args.Length:
                    stateDirectory = args[++i];
                    break;
                case "--auto-approve":
                    autoApprove = true;
                    break;
                case "--parent-pid" when i + 1 < args.Length && int.TryParse(args[i + 1], out var pid):
                    parent = pid;
                    i++;
                    break;
                default:
                    error = $"emulator: unexpected argument '{args[i]}'. {Usage}";
                    return null;
            }
        }

        if (string.IsNullOrWhiteSpace(stateDirectory))
        {
            error = $"emulator: --state-dir is required. {Usage}";
            return null;
        }

        return new CommandLine(Path.GetFullPath(stateDirectory), autoApprove, parent);
    }
}
