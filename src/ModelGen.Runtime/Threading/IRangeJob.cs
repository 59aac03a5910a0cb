namespace ModelGen.Runtime.Threading;

/// <summary>
/// One piece of a kernel that <see cref="ParallelRange"/> splits: a struct of pointers and sizes (unmanaged, so the
/// workers can read it from the caller's stack while the caller waits), run once per chunk of [0, count).
/// </summary>
public interface IRangeJob
{
    /// <summary>Runs items [<paramref name="start"/>, <paramref name="end"/>) of the range: one chunk; a thread runs several in turn.</summary>
    /// <param name="start">First item.</param>
    /// <param name="end">One past the last item.</param>
    /// <param name="part">
    /// Which thread's part runs the chunk (0 ≤ part &lt; the number of parts): no two threads run the same part at once,
    /// so a job can give each part its own scratch (part 0 the kernel's own, the others a slice of
    /// <see cref="ParallelRange.Scratch"/>), reused from chunk to chunk.
    /// </param>
    void Execute(int start, int end, int part);
}
