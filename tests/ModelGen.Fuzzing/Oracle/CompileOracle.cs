using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using ModelGen.Compiler;
using ModelGen.Compiler.Diagnostics;

namespace ModelGen.Fuzzing.Oracle
{
    /// <summary>
    /// Compiles one model's bytes and says whether the compiler behaved: it must compile, or refuse with MG errors,
    /// within <see cref="TimeLimit"/> and <see cref="MemoryLimit"/>.
    ///
    /// In process, on a worker thread, rather than one child process per model: a child costs ~100 ms to start, which
    /// would make 100,000 models take hours, and the generator runs the compiler in process (in the IDE) anyway. The
    /// price is that a hung compile cannot be killed: its thread is abandoned (it is a background thread, so it never
    /// keeps the process alive) and reported as a hang; one hang is already a failure, so the campaign goes on with
    /// that thread burning a core.
    /// </summary>
    public sealed class CompileOracle
    {
        /// <summary>Far above any real compile (the largest shared model compiles in well under a second).</summary>
        public TimeSpan TimeLimit { get; init; } = TimeSpan.FromSeconds(10);

        /// <summary>
        /// A compile reads the model, builds the IR, decodes the weights it folds and writes C# text: each a small multiple
        /// of the file size (64× covers protobuf objects plus decoded copies plus generated text for a weight-heavy
        /// model), plus a fixed 256 MB for what does not scale with the file (Roslyn-free, so far less in practice). A
        /// tiny mutant that claims 10^12 elements must be refused before it allocates them, not after: this is what
        /// catches a compiler that trusts declared sizes.
        /// </summary>
        public long MemoryLimitFor(int modelBytes) => 64L * modelBytes + (256L << 20);

        /// <summary>Compiles with <paramref name="options"/> and classifies the result.</summary>
        public Verdict Check(byte[] bytes, CompileOptions options)
        {
            long limit = MemoryLimitFor(bytes.Length);
            CompileResult? result = null;
            Exception? thrown = null;
            long allocated = 0;
            var worker = new Thread(() =>
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                try { result = ModelCompiler.Compile(bytes, options); }
                catch (Exception e) { thrown = e; }
                allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            }, 64 << 20) { IsBackground = true, Name = "fuzz compile" };
            var clock = Stopwatch.StartNew();
            long processBefore = GC.GetTotalAllocatedBytes(false);
            worker.Start();
            // Poll, so a runaway allocation is stopped while it runs, not after. The process-wide figure includes other
            // threads (parallel slices, a test runner's other tests), hence the wide margin; the exact per-thread figure
            // is checked once the compile ends.
            long runaway = Math.Max(4 * limit, 8L << 30);
            while (!worker.Join(50))
            {
                if (clock.Elapsed > TimeLimit)
                    return new Verdict(Outcome.Hang, "", "still compiling after " + TimeLimit.TotalSeconds + " s (thread abandoned)", clock.Elapsed.TotalMilliseconds, GC.GetTotalAllocatedBytes(false) - processBefore);
                long sofar = GC.GetTotalAllocatedBytes(false) - processBefore;
                if (sofar > runaway)
                    return new Verdict(Outcome.Unbounded, "", "over " + (sofar >> 20) + " MB allocated while compiling a " + bytes.Length + "-byte model (thread abandoned)", clock.Elapsed.TotalMilliseconds, sofar);
            }
            double ms = clock.Elapsed.TotalMilliseconds;
            if (thrown != null) return new Verdict(Outcome.Threw, "", thrown.GetType().Name + ": " + thrown.Message, ms, allocated);
            if (allocated > limit)
                return new Verdict(Outcome.Unbounded, "", (allocated >> 20) + " MB allocated for a " + bytes.Length + "-byte model (limit " + (limit >> 20) + " MB)", ms, allocated);
            return Classify(result!, ms, allocated);
        }

        public static Verdict Classify(CompileResult result, double ms, long allocated)
        {
            var errors = result.Problems.Where(p => p.Severity == ProblemSeverity.Error).ToList();
            string ids = string.Join("+", errors.Select(p => p.Id).Distinct().OrderBy(x => x, StringComparer.Ordinal));
            if (errors.Any(p => p.Id == DiagnosticIds.InternalError.Id))
                return new Verdict(Outcome.InternalError, ids, errors.First(p => p.Id == DiagnosticIds.InternalError.Id).Message, ms, allocated);
            if (result.Success) return new Verdict(Outcome.Compiled, "", "", ms, allocated);
            if (errors.Count > 0 && errors.All(p => p.Id.StartsWith("MG", StringComparison.Ordinal)))
                return new Verdict(Outcome.Diagnosed, ids, "", ms, allocated);
            return new Verdict(Outcome.NoVerdict, ids, "no sources and " + (errors.Count == 0 ? "no error" : "non-MG errors " + ids), ms, allocated);
        }
    }
}
