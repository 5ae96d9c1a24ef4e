using System.Runtime.InteropServices;

namespace GitEntraHelper.Identity.User;

/// <summary>
/// Turns Ctrl-C / SIGTERM during a sign-in into cancellation, so MSAL stops polling or listening and the
/// helper exits with one line instead of being killed mid-way. Nothing is written before a sign-in
/// succeeds, so a cancelled one leaves no partial state behind.
/// </summary>
internal sealed class InterruptSignal : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly PosixSignalRegistration[] _registrations;
    private volatile bool _fired;

    private InterruptSignal(CancellationToken outer)
    {
        _source = CancellationTokenSource.CreateLinkedTokenSource(outer);
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
        ];
    }

    public CancellationToken Token => _source.Token;

    /// <summary>True when a signal (not the caller) cancelled the sign-in.</summary>
    public bool Fired => _fired;

    public static InterruptSignal Link(CancellationToken outer) => new(outer);

    /// <summary>For tests: behaves as if the user pressed Ctrl-C.</summary>
    internal void Raise()
    {
        _fired = true;
        _source.Cancel();
    }

    public void Dispose()
    {
        foreach (PosixSignalRegistration registration in _registrations)
        {
            registration.Dispose();
        }

        _source.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        Raise();
    }
}
