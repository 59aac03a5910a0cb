using System;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Threading;

/// <summary>
/// A model instance's thread budget and the work splitter its kernels share: [0, count) is run by at most
/// <see cref="Threads"/> threads (the calling thread and ThreadPool threads that join), which claim it in contiguous
/// chunks, <see cref="ChunksPerThread"/> per thread, as they become free.
/// </summary>
/// <remarks>
/// No allocation per call: the job is an unmanaged struct that the workers read in place from the caller's stack
/// (the caller does not return before every worker that joined has left), invoked through a function pointer to a
/// generic method, and one cached <see cref="IThreadPoolWorkItem"/> is queued as often as helpers are wanted.
/// Chunks are claimed dynamically, so a helper that the pool starts late (or never), or a core that the machine
/// gives to someone else for a while, only means the other threads run more chunks; the caller waits only for
/// helpers that actually joined, which are running, so a starved pool slows a call down but cannot deadlock it. A
/// call from inside a chunk (nested), or while another thread is in a call on the same instance, runs inline on its
/// thread. Across instances the process queues helpers only while fewer threads than cores are engaged, so many
/// instances called at once from many threads do not oversubscribe the machine. Each chunk is one thread's, whole: kernels that compute every output element inside one chunk, in the
/// single-thread order, give bit-identical results for any thread count.
/// </remarks>
public sealed class ParallelRange
{
    /// <summary>The "auto" budget: <see cref="Environment.ProcessorCount"/>, at most <see cref="AutoCap"/>.</summary>
    public const int Auto = 0;

    /// <summary>
    /// Most threads "auto" takes: past this the small kernels of a typical model stop scaling (each part's B panel
    /// packing and the wake-ups grow while the parts shrink), and the rest of the process keeps cores.
    /// </summary>
    public const int AutoCap = 8;

    /// <summary>
    /// Multiply-adds (or comparable work units) a part must have before another thread is worth waking: about 10–20 µs
    /// of one core's work, several times a ThreadPool thread's wake-up, so small kernels stay on the calling thread.
    /// </summary>
    public const long MinWorkPerPart = 1L << 18;

    /// <summary>
    /// Chunks per thread, by default: with one chunk each, a thread that lost its core for a while (a shared 2-vCPU VM)
    /// held the whole call up, and super-resolution-10 at 2 threads took a median 105 ms for a best of 59 (76 ms with
    /// four). More chunks cost a kernel's per-chunk setup that many times: the GEMM, which packs B in every chunk, asks
    /// for one (a BERT layer at 2 threads was 1.42 against 1.6 times ONNX Runtime's time with four).
    /// </summary>
    public const int ChunksPerThread = 4;

    private static readonly int s_processors = Math.Max(1, Environment.ProcessorCount);

    // Process-wide, over every instance: the threads engaged in calls that want helpers (each such caller while its
    // call is open, and each helper from the moment it is queued until it goes back to the ThreadPool, lingering
    // included). A helper is only queued while this is below the cores, so many instances called at once from many
    // threads never add helpers to cores their callers already fill: at most cores − 1 helpers exist at any time.
    private static int s_engaged;
    // Set by a caller that wanted a helper and found the cores taken: a helper lingering for another instance's next
    // call gives its core back instead of spinning on it.
    private static int s_helperWanted;

    [ThreadStatic] private static int t_depth;

    private const int OpenBit = 1 << 30;
    private const int JoinedMask = OpenBit - 1;

    private readonly Helper _helper;
    // The caller blocks on this object's monitor once the spin is over. A ManualResetEventSlim would allocate its
    // lock object at its first blocking wait, inside some Predict call; this one exists from the start.
    private readonly object _left = new object();
    private byte[] _scratch = Array.Empty<byte>();
    private readonly int _processorCap = s_processors;
    private int _maxThreads;
    private int _busy;
    private int _pending;
    private int _state;
    // Counts the calls opened, so a lingering helper waits for a new call rather than rejoining the one it just left.
    private int _generation;
    private int _next;
    private int _nextSlot;
    private int _count, _parts, _chunks;
    private unsafe void* _job;
    private unsafe delegate*<void*, int, int, int, void> _invoke;
    private ExceptionDispatchInfo? _error;

    /// <summary>Creates a budget of <paramref name="maxThreads"/> threads (<see cref="Auto"/>: the processor count, capped).</summary>
    /// <param name="maxThreads">1 for the calling thread only, N for at most N threads, or <see cref="Auto"/>.</param>
    public ParallelRange(int maxThreads)
    {
        MaxThreads = maxThreads;
        _helper = new Helper(this);
    }

    /// <summary>
    /// Tests only: a budget whose processor cap is <paramref name="processorCap"/> instead of this machine's count, so
    /// that splits into more parts than the machine has cores (a 2-core CI box, 4 threads) are exercised too.
    /// </summary>
    internal ParallelRange(int maxThreads, int processorCap) : this(maxThreads) => _processorCap = processorCap;

    /// <summary>
    /// The budget as set: 1 (the calling thread only), N, or <see cref="Auto"/> (0). Never more than
    /// <see cref="Environment.ProcessorCount"/> threads run a call, whatever is set (see <see cref="Threads"/>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int MaxThreads
    {
        get => _maxThreads;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _maxThreads = value;
        }
    }

    /// <summary>The threads a call may use: the budget resolved and capped at the processor count.</summary>
    public int Threads => Math.Min(_maxThreads == Auto ? AutoCap : _maxThreads, _processorCap);

    /// <summary><paramref name="maxThreads"/> as a thread count on this machine: <see cref="Auto"/> resolved, and at most the processor count.</summary>
    /// <param name="maxThreads">A budget as <see cref="MaxThreads"/> takes it.</param>
    public static int Resolve(int maxThreads) =>
        maxThreads == Auto ? Math.Min(s_processors, AutoCap) : Math.Clamp(maxThreads, 1, s_processors);

    /// <summary>
    /// How many threads (parts, each with its own scratch) <paramref name="count"/> items of <paramref name="work"/>
    /// units in all are worth under <paramref name="range"/> (null: one): at most its threads, at most the items, and
    /// at least <see cref="MinWorkPerPart"/> units each; 1 inside a chunk (nested calls run inline).
    /// </summary>
    /// <param name="range">The budget, or null for the calling thread only.</param>
    /// <param name="count">Items that can go to different threads.</param>
    /// <param name="work">Total work of the items.</param>
    public static int PartsFor(ParallelRange? range, int count, long work)
    {
        if (range == null || count <= 1 || t_depth > 0) return 1;
        int threads = range.Threads;
        if (threads <= 1) return 1;
        long byWork = work / MinWorkPerPart;
        return (int)Math.Max(1, Math.Min(Math.Min(threads, count), byWork));
    }

    /// <summary>
    /// Runs <paramref name="job"/> over [0, <paramref name="count"/>) on <see cref="PartsFor"/> threads, on the
    /// calling thread alone when that is one or <paramref name="range"/> is null; returns when every chunk is done.
    /// The first exception a chunk throws is rethrown here (the chunks not yet started are skipped).
    /// </summary>
    /// <typeparam name="TJob">The job: an unmanaged struct, read in place by the threads that join.</typeparam>
    /// <param name="range">The budget, or null.</param>
    /// <param name="count">Items.</param>
    /// <param name="work">Total work of the items (see <see cref="MinWorkPerPart"/>).</param>
    /// <param name="job">The job.</param>
    /// <param name="chunksPerThread">Chunks per thread (at least 1): more balance the threads, fewer repeat less per-chunk setup.</param>
    public static void For<TJob>(ParallelRange? range, int count, long work, TJob job, int chunksPerThread = ChunksPerThread) where TJob : unmanaged, IRangeJob
    {
        if (count <= 0) return;
        Run(range, count, PartsFor(range, count, work), job, chunksPerThread);
    }

    /// <summary>
    /// Runs <paramref name="job"/> over [0, <paramref name="count"/>) on <paramref name="parts"/> threads (as
    /// <see cref="PartsFor"/> chose, for a kernel that sizes per-part scratch first); see <see cref="For{TJob}"/>.
    /// </summary>
    /// <typeparam name="TJob">The job: an unmanaged struct, read in place by the threads that join.</typeparam>
    /// <param name="range">The budget, or null.</param>
    /// <param name="count">Items.</param>
    /// <param name="parts">Parts, from <see cref="PartsFor"/>.</param>
    /// <param name="job">The job.</param>
    /// <param name="chunksPerThread">Chunks per thread (at least 1): more balance the threads, fewer repeat less per-chunk setup.</param>
    public static void Run<TJob>(ParallelRange? range, int count, int parts, TJob job, int chunksPerThread = ChunksPerThread) where TJob : unmanaged, IRangeJob
    {
        if (count <= 0) return;
        if (parts <= 1 || range == null) job.Execute(0, count, 0);
        else range.Run(count, Math.Min(parts, count), Math.Max(1, chunksPerThread), ref job);
    }

    /// <summary>
    /// Scratch for the parts after the first (which uses the kernel's own): at least <paramref name="bytes"/> bytes
    /// (8-byte aligned data, for any element type), allocated the first time a call needs that much, then reused by
    /// every later call of this instance. The caller pins it while the parts run.
    /// </summary>
    /// <param name="bytes">Bytes needed by parts 1.. together.</param>
    public byte[] Scratch(long bytes)
    {
        if (_scratch.Length < bytes) _scratch = new byte[bytes];
        return _scratch;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void Run<TJob>(int count, int parts, int chunksPerThread, ref TJob job) where TJob : unmanaged, IRangeJob
    {
        if (Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            // Another thread is in a call on this instance (the generated Predict serialises calls, so only a
            // direct user of this class gets here): that call owns the workers, this one runs alone.
            job.Execute(0, count, 0);
            return;
        }
        bool engaged = false;
        try
        {
            fixed (TJob* p = &job)
            {
                _job = p;
                _invoke = &Invoke<TJob>;
                _count = count;
                _parts = parts;
                _chunks = (int)Math.Min(count, (long)parts * chunksPerThread);
                Volatile.Write(ref _next, 0);
                Volatile.Write(ref _nextSlot, 0);
                Volatile.Write(ref _generation, _generation + 1);
                // Opening publishes the fields above (an interlocked write is a full fence).
                Interlocked.Exchange(ref _state, OpenBit);
                // Helpers still queued from an earlier call join this one when they start, so only the missing are queued,
                // and only as many as the process has cores free.
                Interlocked.Increment(ref s_engaged);
                engaged = true;
                for (int want = parts - 1 - Volatile.Read(ref _pending); want > 0; want--)
                {
                    if (!TryReserveCore())
                    {
                        Volatile.Write(ref s_helperWanted, 1);
                        break;
                    }
                    Interlocked.Increment(ref _pending);
                    ThreadPool.UnsafeQueueUserWorkItem(_helper, preferLocal: false);
                }
                t_depth++;
                try { Work(0); }
                finally { t_depth--; }
                // Close: helpers that have not joined yet stay out; wait for those inside, which are running.
                int s;
                do s = Volatile.Read(ref _state); while (Interlocked.CompareExchange(ref _state, s & ~OpenBit, s) != s);
                WaitForHelpers();
                _job = null;
            }
            var error = _error;
            if (error != null)
            {
                _error = null;
                error.Throw();
            }
        }
        finally
        {
            if (engaged) Interlocked.Decrement(ref s_engaged);
            Volatile.Write(ref _busy, 0);
        }
    }

    /// <summary>
    /// Counts one more engaged thread if that leaves the process within its cores (at least this instance's processor
    /// cap, which tests set above the machine's); false when the cores are taken.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryReserveCore()
    {
        int cores = Math.Max(s_processors, _processorCap);
        for (int n = Volatile.Read(ref s_engaged); n < cores; n = Volatile.Read(ref s_engaged))
        {
            if (Interlocked.CompareExchange(ref s_engaged, n + 1, n) == n) return true;
        }
        return false;
    }

    /// <summary>Tests only: the threads now engaged in calls that want helpers, process-wide (see <c>s_engaged</c>).</summary>
    internal static int Engaged => Volatile.Read(ref s_engaged);

    /// <summary>
    /// Waits until no helper is inside the closed call. Their parts are about as long as the caller's, so a short spin
    /// usually sees them leave; past it (a helper preempted on a busy machine) the caller blocks instead of burning the
    /// core the helper needs. The count is checked under the monitor that the last helper pulses after its decrement,
    /// so the wake-up cannot be missed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WaitForHelpers()
    {
        var spin = new SpinWait();
        while ((Volatile.Read(ref _state) & JoinedMask) != 0)
        {
            if (spin.Count < SpinsBeforeBlocking)
            {
                spin.SpinOnce(sleep1Threshold: -1);
                continue;
            }
            lock (_left)
            {
                while ((Volatile.Read(ref _state) & JoinedMask) != 0) Monitor.Wait(_left);
            }
        }
    }

    // SpinWait's first iterations busy-wait (exponentially longer), the later ones yield: some tens of microseconds in all.
    private const int SpinsBeforeBlocking = 30;

    private static unsafe void Invoke<TJob>(void* job, int start, int end, int part) where TJob : unmanaged, IRangeJob =>
        ((TJob*)job)->Execute(start, end, part);

    /// <summary>
    /// Claims and runs chunks until none is left (or one failed), as part <paramref name="slot"/>: the calling thread is
    /// 0, each helper that joins takes the next number, so a part's scratch is never used by two threads at once.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void Work(int slot)
    {
        int chunks = _chunks;
        long count = _count;
        for (int chunk; (chunk = Interlocked.Increment(ref _next) - 1) < chunks;)
        {
            try
            {
                _invoke(_job, (int)(count * chunk / chunks), (int)(count * (chunk + 1) / chunks), slot);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _error, ExceptionDispatchInfo.Capture(e), null);
                // Skip the chunks not yet claimed: the call fails anyway.
                Interlocked.Exchange(ref _next, chunks);
            }
        }
    }

    /// <summary>
    /// What a ThreadPool thread runs: join the open call, if any, and take parts; then stay a while for the next call.
    /// A model's kernels follow one another within microseconds, and a helper queued anew for each of them often started
    /// after the caller had done most of the work alone (on a 2-vCPU VM the pool thread woke 0.1–0.5 ms late), so a
    /// helper that has just worked waits up to <see cref="LingerMicroseconds"/> for this instance's next call, counted as
    /// pending so the caller does not queue another one, before it goes back to the pool.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Help()
    {
        Interlocked.Decrement(ref _pending);
        int joined;
        while ((joined = Join()) != 0)
        {
            Interlocked.Increment(ref _pending);
            AwaitNextCall(joined);
            // Joins the new call if it opened (a caller that counted this helper as pending relies on it), else leaves.
            Interlocked.Decrement(ref _pending);
        }
        // Back to the ThreadPool: its core is free for another instance's helper.
        Interlocked.Decrement(ref s_engaged);
    }

    /// <summary>Joins the open call and takes parts; returns the call's generation, or 0 when no call was open.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Join()
    {
        int s;
        do
        {
            s = Volatile.Read(ref _state);
            if ((s & OpenBit) == 0) return 0;
        }
        while (Interlocked.CompareExchange(ref _state, s + 1, s) != s);
        int generation = Volatile.Read(ref _generation);
        t_depth++;
        try
        {
            // Helpers queued for an earlier, larger call may outnumber this call's parts: the extra ones leave.
            int slot = Interlocked.Increment(ref _nextSlot);
            if (slot < _parts) Work(slot);
        }
        finally
        {
            t_depth--;
            // The last helper out of a closed call wakes the caller, should it be blocked.
            if (Interlocked.Decrement(ref _state) == 0)
            {
                lock (_left) Monitor.PulseAll(_left);
            }
        }
        return generation;
    }

    /// <summary>Spins (yielding now and then) until a call after <paramref name="generation"/> is open, or the linger time is over.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AwaitNextCall(int generation)
    {
        long deadline = System.Diagnostics.Stopwatch.GetTimestamp() + s_lingerTicks;
        var spin = new SpinWait();
        while (Volatile.Read(ref _generation) == generation || (Volatile.Read(ref _state) & OpenBit) == 0)
        {
            if (System.Diagnostics.Stopwatch.GetTimestamp() > deadline) return;
            // Another instance's caller wants this core (this helper is one of the engaged threads): give it back.
            if (Volatile.Read(ref s_helperWanted) != 0 && Interlocked.Exchange(ref s_helperWanted, 0) != 0) return;
            spin.SpinOnce(sleep1Threshold: -1);
        }
    }

    /// <summary>How long a helper that has worked waits for the instance's next call before going back to the ThreadPool.</summary>
    public const int LingerMicroseconds = 200;

    private static readonly long s_lingerTicks = System.Diagnostics.Stopwatch.Frequency * LingerMicroseconds / 1_000_000;

    private sealed class Helper(ParallelRange owner) : IThreadPoolWorkItem
    {
        public void Execute() => owner.Help();
    }
}
