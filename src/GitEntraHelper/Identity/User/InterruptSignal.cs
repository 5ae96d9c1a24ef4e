using System.Runtime.InteropServices;

namespace GitEntraHelper.Identity.User;

/// <summary>
/// Turns Ctrl-C / SIGTERM during a sign-in into cancellation, so MSAL stops polling or listening and the
/// helper exits with one line instead of being killed mid-way. Nothing is written before a sign-in
/// succeeds, so a cancelled one leaves no partial state behind. The line is written by the signal
/// handler itself: Ctrl-C reaches git at the same moment, git dies, and the shell's prompt follows at
/// once; a line written only after MSAL has unwound its listener or poll would land after that prompt.
/// </summary>
internal sealed class InterruptSignal : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly PosixSignalRegistration[] _registrations;
    private volatile bool _fired;

    private readonly Action? _onSignal;

    private InterruptSignal(CancellationToken outer, Action? onSignal)
    {
        _onSignal = onSignal;
        _source = CancellationTokenSource.CreateLinkedTokenSource(outer);
        var registrations = new List<PosixSignalRegistration>(2);
        foreach (PosixSignal signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
        {
            try
            {
                registrations.Add(PosixSignalRegistration.Create(signal, OnSignal));
            }
            catch (PlatformNotSupportedException)
            {
                // Not every OS maps every signal; Ctrl-C is what matters and SIGINT is mapped everywhere.
            }
        }

        _registrations = [.. registrations];
    }

    public CancellationToken Token => _source.Token;

    /// <summary>True when a signal (not the caller) cancelled the sign-in.</summary>
    public bool Fired => _fired;

    /// <param name="outer">The caller's cancellation.</param>
    /// <param name="onSignal">Runs first when a signal arrives (prints the one line at once).</param>
    public static InterruptSignal Link(CancellationToken outer, Action? onSignal = null) => new(outer, onSignal);

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
        if (!_fired)
        {
            _onSignal?.Invoke();
        }

        Raise();
    }
}
