namespace FaceMetric.Onnx;

/// <summary>
/// Lets a component that owns native resources (an ONNX Runtime session, or components that own one) be disposed while
/// other threads are calling it. Every call holds a <see cref="Lease"/> for as long as it uses the resources; once
/// <see cref="Close"/> was called, new calls throw <see cref="ObjectDisposedException"/>, calls already in flight
/// complete, and the release action runs exactly once, on whichever thread lets go last (the closing thread when no call
/// is in flight).
/// </summary>
/// <remarks>
/// Requires: every <see cref="Enter"/> is matched by exactly one <see cref="Lease.Dispose"/> (use <c>using</c>).
/// Guarantees: the release action never runs while a lease is held, and runs once, after <see cref="Close"/>. Lock-free
/// and thread-safe. A call that re-enters the same gate while holding a lease is fine (the count just goes up).
/// </remarks>
internal sealed class InFlightGate
{
    // Low 30 bits: leases held. Bit 30: closed. One word, so "closed and nobody inside" is decided atomically.
    private const int ClosedBit = 1 << 30;
    private const int CountMask = ClosedBit - 1;

    private readonly object _owner;
    private Action? _release;
    private int _state;

    /// <summary>Creates an open gate.</summary>
    /// <param name="owner">The component guarded; named in <see cref="ObjectDisposedException"/>.</param>
    /// <param name="release">Frees the native resources; run once, when closed and no lease is held.</param>
    public InFlightGate(object owner, Action release)
    {
        _owner = owner;
        _release = release;
    }

    /// <summary>True once <see cref="Close"/> was called (the resources may still be in use by calls in flight).</summary>
    public bool IsClosed => (Volatile.Read(ref _state) & ClosedBit) != 0;

    /// <summary>Starts a call: the resources stay alive until the returned lease is disposed.</summary>
    /// <returns>The lease; dispose it when the call no longer touches the resources.</returns>
    /// <exception cref="ObjectDisposedException">The gate was closed (the owner was disposed).</exception>
    public Lease Enter()
    {
        while (true)
        {
            int state = Volatile.Read(ref _state);
            ObjectDisposedException.ThrowIf((state & ClosedBit) != 0, _owner);
            if ((state & CountMask) == CountMask)
            {
                throw new InvalidOperationException("Too many calls in flight.");
            }

            if (Interlocked.CompareExchange(ref _state, state + 1, state) == state)
            {
                return new Lease(this);
            }
        }
    }

    /// <summary>Closes the gate: later calls throw; the release action runs now if no call is in flight, else when the
    /// last one ends. Idempotent.</summary>
    /// <returns>True for the call that closed the gate, false when it was already closed.</returns>
    public bool Close()
    {
        while (true)
        {
            int state = Volatile.Read(ref _state);
            if ((state & ClosedBit) != 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _state, state | ClosedBit, state) == state)
            {
                if (state == 0)
                {
                    RunRelease();
                }

                return true;
            }
        }
    }

    private void Exit()
    {
        if (Interlocked.Decrement(ref _state) == ClosedBit)
        {
            RunRelease();
        }
    }

    private void RunRelease() => Interlocked.Exchange(ref _release, null)?.Invoke();

    /// <summary>One call's hold on the resources.</summary>
    public readonly struct Lease : IDisposable
    {
        private readonly InFlightGate? _gate;

        internal Lease(InFlightGate gate) => _gate = gate;

        /// <summary>Ends the call; releases the resources if the gate was closed meanwhile and this was the last call.</summary>
        public void Dispose() => _gate?.Exit();
    }
}
