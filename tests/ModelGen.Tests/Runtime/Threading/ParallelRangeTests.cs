using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ModelGen.Runtime.Threading;
using Xunit;

namespace ModelGen.Tests.Runtime.Threading;

/// <summary>The work splitter itself: every item once, exceptions to the caller, nested calls inline, no allocation, no deadlock.</summary>
public sealed class ParallelRangeTests
{
    /// <summary>Counts how often each item ran and which part ran it; optionally throws on one item, or nests a call.</summary>
    private unsafe struct CountJob : IRangeJob
    {
        public int* Hits;
        public int* Parts;
        public int ThrowAt;
        public int* NestedParts;
        /// <summary>When set: chunk starts are counted here (by item), and Inside[part] checks that no two threads share a part.</summary>
        public int* Starts, Inside, Overlaps;

        public readonly void Execute(int start, int end, int part)
        {
            if (Inside != null)
            {
                if (Interlocked.Increment(ref Inside[part]) != 1) Interlocked.Increment(ref *Overlaps);
                Interlocked.Increment(ref Starts[start]);
            }
            try { Count(start, end, part); }
            finally { if (Inside != null) Interlocked.Decrement(ref Inside[part]); }
        }

        private readonly void Count(int start, int end, int part)
        {
            for (int i = start; i < end; i++)
            {
                if (i == ThrowAt) throw new InvalidOperationException("item " + i);
                Interlocked.Increment(ref Hits[i]);
                Parts[i] = part;
            }
            if (NestedParts != null) *NestedParts = Math.Max(*NestedParts, ParallelRange.PartsFor(new ParallelRange(4, 4), 100, long.MaxValue));
        }
    }

    [Theory]
    [InlineData(1, ParallelRange.ChunksPerThread)]
    [InlineData(2, ParallelRange.ChunksPerThread)]
    [InlineData(3, ParallelRange.ChunksPerThread)]
    [InlineData(4, ParallelRange.ChunksPerThread)]
    [InlineData(2, 1)] // the GEMM's one chunk per thread
    [InlineData(4, 300)] // more chunks than a thread's share of items: one item each
    public unsafe void Every_item_runs_exactly_once_in_chunks_of_the_budgets_parts(int threads, int chunksPerThread)
    {
        var range = new ParallelRange(threads, 4);
        const int count = 1003;
        int chunks = threads == 1 ? 1 : Math.Min(count, threads * chunksPerThread);
        int[] hits = new int[count], parts = new int[count], starts = new int[count], inside = new int[threads];
        int overlaps = 0;
        fixed (int* h = hits, p = parts, st = starts, ins = inside)
        {
            for (int call = 0; call < 20; call++)
            {
                Array.Clear(hits);
                Array.Clear(starts);
                ParallelRange.For(range, count, long.MaxValue, new CountJob { Hits = h, Parts = p, ThrowAt = -1, Starts = st, Inside = ins, Overlaps = &overlaps }, chunksPerThread);
                Assert.All(hits, x => Assert.Equal(1, x));
                // The budget's parts ran the items, each part on one thread at a time, in the expected contiguous chunks.
                Assert.All(parts, x => Assert.InRange(x, 0, threads - 1));
                Assert.Equal(0, overlaps);
                for (int i = 0; i < count; i++)
                {
                    bool chunkStart = Enumerable.Range(0, chunks).Any(c => (long)count * c / chunks == i);
                    Assert.Equal(chunkStart ? 1 : 0, starts[i]);
                }
            }
        }
    }

    [Fact]
    public void Small_work_and_no_budget_stay_on_one_part()
    {
        Assert.Equal(1, ParallelRange.PartsFor(null, 1000, long.MaxValue));
        Assert.Equal(1, ParallelRange.PartsFor(new ParallelRange(1), 1000, long.MaxValue));
        Assert.Equal(1, ParallelRange.PartsFor(new ParallelRange(4, 4), 1000, ParallelRange.MinWorkPerPart + 1));
        Assert.Equal(2, ParallelRange.PartsFor(new ParallelRange(4, 4), 1000, 2 * ParallelRange.MinWorkPerPart));
        Assert.Equal(3, ParallelRange.PartsFor(new ParallelRange(4, 4), 3, long.MaxValue));
        // Never more threads than the processors, whatever is asked.
        Assert.Equal(Math.Min(Environment.ProcessorCount, 64), new ParallelRange(64).Threads);
        Assert.Equal(Math.Min(Environment.ProcessorCount, ParallelRange.AutoCap), new ParallelRange(ParallelRange.Auto).Threads);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ParallelRange(1).MaxThreads = -1);
    }

    [Fact]
    public unsafe void An_exception_in_a_part_reaches_the_caller_and_the_range_stays_usable()
    {
        var range = new ParallelRange(4, 4);
        int[] hits = new int[400], parts = new int[400];
        fixed (int* h = hits, p = parts)
        {
            foreach (int at in new[] { 0, 150, 399 })
            {
                var failing = new CountJob { Hits = h, Parts = p, ThrowAt = at };
                var e = Assert.Throws<InvalidOperationException>(() => ParallelRange.For(range, 400, long.MaxValue, failing));
                Assert.Equal("item " + at, e.Message);
            }
            Array.Clear(hits);
            ParallelRange.For(range, 400, long.MaxValue, new CountJob { Hits = h, Parts = p, ThrowAt = -1 });
            Assert.All(hits, x => Assert.Equal(1, x));
        }
    }

    [Fact]
    public unsafe void A_call_from_inside_a_part_runs_inline()
    {
        var range = new ParallelRange(4, 4);
        int[] hits = new int[64], parts = new int[64];
        int nested = 0;
        fixed (int* h = hits, p = parts)
        {
            ParallelRange.For(range, 64, long.MaxValue, new CountJob { Hits = h, Parts = p, ThrowAt = -1, NestedParts = &nested });
        }
        Assert.Equal(1, nested);
        Assert.Equal(4, ParallelRange.PartsFor(new ParallelRange(4, 4), 100, long.MaxValue));
    }

    [Fact]
    public unsafe void A_call_allocates_nothing_on_the_calling_thread()
    {
        var range = new ParallelRange(4, 4);
        int[] hits = new int[256], parts = new int[256];
        fixed (int* h = hits, p = parts)
        {
            var job = new CountJob { Hits = h, Parts = p, ThrowAt = -1 };
            for (int i = 0; i < 10; i++) ParallelRange.For(range, 256, long.MaxValue, job);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 100; i++) ParallelRange.For(range, 256, long.MaxValue, job);
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }

    [Fact]
    public async Task Many_callers_at_once_each_with_its_own_range_finish()
    {
        // More callers than ThreadPool threads at start: helpers queue up behind blocked callers, and every call must
        // still finish (the caller runs the parts no helper took).
        const int callers = 24;
        var tasks = Enumerable.Range(0, callers).Select(_ => Task.Factory.StartNew(Caller, TaskCreationOptions.LongRunning)).ToArray();
        var all = Task.WhenAll(tasks);
        Assert.True(await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(60))) == all, "the callers did not finish within 60 s (deadlock?)");
        Assert.All(await all, Assert.True);
    }

    private static unsafe bool Caller()
    {
        const int calls = 200, count = 512;
        var range = new ParallelRange(4, 4);
        int[] hits = new int[count], parts = new int[count];
        fixed (int* h = hits, p = parts)
        {
            for (int c = 0; c < calls; c++)
                ParallelRange.For(range, count, long.MaxValue, new CountJob { Hits = h, Parts = p, ThrowAt = -1 });
        }
        return hits.All(x => x == calls);
    }
}
