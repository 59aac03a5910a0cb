using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using ModelGen.Runtime;

namespace ModelGen.Fuzzing.Stress
{
    /// <summary>How one sharing phase of the stress ended.</summary>
    internal sealed record StressPhase(
        string Sharing,
        int Threads,
        int Instances,
        long Calls,
        long Differences,
        string? FirstDifference,
        bool Deadlocked,
        IReadOnlyList<string> Errors,
        IReadOnlyList<ProcessSample> Samples,
        TimeSpan Wall,
        double CpuSeconds,
        long WorkerAllocatedBytes,
        long ManagedAfterGcStart,
        long ManagedAfterGcEnd,
        int MaxRunnableThreads)
    {
        public bool Passed => Calls > 0 && Differences == 0 && !Deadlocked && Errors.Count == 0;
        public long ManagedGrowth => ManagedAfterGcEnd - ManagedAfterGcStart;
    }

    /// <summary>
    /// The concurrency stress: T threads calling Predict (ICompiledModel.Run into preallocated outputs) on I instances of
    /// one real model for a fixed time, each output compared bit for bit with a serial run's. Two ways to share the
    /// instances, both of which the generated class's documentation allows: "pool" (a thread takes a free instance,
    /// runs, gives it back: one thread per instance at a time) and "shared" (a thread picks any instance, and calls on
    /// one instance are serialised by its own lock). A watchdog fails the run when no call finishes for its period;
    /// memory, CPU time and runnable threads are sampled as it goes.
    /// </summary>
    internal static class StressRun
    {
        /// <summary>The `campaign --mode stress` command: exit 0 when every phase passed.</summary>
        public static int Command(IReadOnlyDictionary<string, string> named, TextWriter log)
        {
            var options = StressOptions.Parse(named);
            var model = StressModel.Load(options.ModelDirectory, options.InputCount, options.Seed);
            var answers = model.SerialAnswers();
            log.WriteLine("model " + options.ModelDirectory + ": " + answers.Length + " input sets; serial digest " + StressModel.Digest(answers));
            if (options.Duration <= TimeSpan.Zero) return 0;
            bool pass = true;
            foreach (var sharing in options.Sharing == "both" ? new[] { "pool", "shared" } : new[] { options.Sharing })
            {
                var phase = Run(model, answers, options, sharing, log);
                log.WriteLine(Describe(phase, options));
                pass &= phase.Passed;
            }
            return pass ? 0 : 1;
        }

        public static StressPhase Run(StressModel model, byte[][][] answers, StressOptions options, string sharing, TextWriter log)
        {
            int threads = options.Threads;
            var instances = Enumerable.Range(0, options.Instances).Select(_ => model.NewInstance()).ToArray();
            var pool = new InstancePool(instances);
            var errors = new List<string>();
            long differences = 0;
            string? firstDifference = null;
            var calls = new long[threads * 16]; // one cache line (or more) per thread's counter
            var allocated = new long[threads];
            var stop = 0;
            using var ready = new CountdownEvent(threads);
            using var go = new ManualResetEventSlim();

            void Worker(int t)
            {
                var random = new Random(options.Seed * 7919 + t);
                // Per input set, this thread's own output buffers: nothing is allocated per call.
                var outputs = answers.Select(a => a.Select(o => new Memory<byte>(new byte[o.Length])).ToArray()).ToArray();
                try
                {
                    // Warm-up outside the measurement: the first calls JIT and size the arenas.
                    foreach (var instance in instances)
                        for (int k = 0; k < answers.Length; k++) instance.Run(model.Inputs[k].Dims, model.Inputs[k].Inputs, outputs[k]);
                }
                catch (Exception e)
                {
                    lock (errors) errors.Add("thread " + t + " warm-up: " + e);
                }
                ready.Signal();
                go.Wait();
                long before = GC.GetAllocatedBytesForCurrentThread();
                try
                {
                    while (Volatile.Read(ref stop) == 0)
                    {
                        int k = random.Next(answers.Length);
                        var output = outputs[k];
                        // Poisoned first, so an output the model fails to write cannot pass on the previous call's answer.
                        foreach (var o in output) o.Span.Fill(0xCD);
                        if (sharing == "pool")
                        {
                            var instance = pool.Take();
                            try { instance.Run(model.Inputs[k].Dims, model.Inputs[k].Inputs, output); }
                            finally { pool.Return(instance); }
                        }
                        else
                        {
                            instances[random.Next(instances.Length)].Run(model.Inputs[k].Dims, model.Inputs[k].Inputs, output);
                        }
                        for (int i = 0; i < output.Length; i++)
                        {
                            if (output[i].Span.SequenceEqual(answers[k][i])) continue;
                            if (Interlocked.Increment(ref differences) == 1)
                                firstDifference = "thread " + t + ", input set " + k + ", output " + i + ": first differing byte at " + FirstDifferentByte(output[i].Span, answers[k][i]);
                        }
                        Volatile.Write(ref calls[t * 16], calls[t * 16] + 1);
                    }
                }
                catch (Exception e)
                {
                    lock (errors) errors.Add("thread " + t + ": " + e);
                }
                allocated[t] = GC.GetAllocatedBytesForCurrentThread() - before;
            }

            var workers = Enumerable.Range(0, threads).Select(t => new Thread(() => Worker(t)) { IsBackground = true, Name = "stress " + t }).ToArray();
            foreach (var w in workers) w.Start();
            ready.Wait();
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            long managedStart = GC.GetTotalMemory(true);

            long Total() { long s = 0; for (int t = 0; t < threads; t++) s += Volatile.Read(ref calls[t * 16]); return s; }
            var samples = new List<ProcessSample>();
            var clock = Stopwatch.StartNew();
            double cpuStart = CpuSeconds();
            samples.Add(ProcessSample.Take(TimeSpan.Zero, 0));
            go.Set();

            bool deadlocked = false;
            long lastCalls = 0;
            var lastProgress = TimeSpan.Zero;
            var nextSample = options.SampleInterval;
            int maxRunnable = 0;
            while (clock.Elapsed < options.Duration)
            {
                Thread.Sleep(TimeSpan.FromMilliseconds(Math.Min(1000, Math.Max(1, (options.Duration - clock.Elapsed).TotalMilliseconds))));
                long now = Total();
                maxRunnable = Math.Max(maxRunnable, ProcessSample.RunnableThreadCount());
                if (now != lastCalls) { lastCalls = now; lastProgress = clock.Elapsed; }
                else if (clock.Elapsed - lastProgress >= options.Watchdog) { deadlocked = true; break; }
                lock (errors) if (errors.Count > 0) break;
                if (Interlocked.Read(ref differences) > 0) break;
                if (clock.Elapsed >= nextSample)
                {
                    var sample = ProcessSample.Take(clock.Elapsed, now);
                    samples.Add(sample);
                    log.WriteLine("  " + sharing + " " + Describe(sample));
                    nextSample += options.SampleInterval;
                }
            }
            Volatile.Write(ref stop, 1);
            // A deadlocked worker would never return: give each a bounded wait (they are background threads).
            foreach (var w in workers)
                if (!w.Join(deadlocked ? TimeSpan.FromSeconds(1) : options.Watchdog)) deadlocked = true;
            clock.Stop();
            double cpu = CpuSeconds() - cpuStart;
            long total = Total();
            samples.Add(ProcessSample.Take(clock.Elapsed, total));
            GC.KeepAlive(instances);
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            long managedEnd = GC.GetTotalMemory(true);
            GC.KeepAlive(instances);
            List<string> errorList;
            lock (errors) errorList = errors.ToList();
            return new StressPhase(sharing, threads, instances.Length, total, Interlocked.Read(ref differences), firstDifference, deadlocked, errorList, samples,
                clock.Elapsed, cpu, allocated.Sum(), managedStart, managedEnd, maxRunnable);
        }

        private static double CpuSeconds()
        {
            using var process = Process.GetCurrentProcess();
            return process.TotalProcessorTime.TotalSeconds;
        }

        private static int FirstDifferentByte(ReadOnlySpan<byte> actual, ReadOnlySpan<byte> expected)
        {
            for (int i = 0; i < Math.Min(actual.Length, expected.Length); i++)
                if (actual[i] != expected[i]) return i;
            return Math.Min(actual.Length, expected.Length);
        }

        public static string Describe(ProcessSample s) => string.Format(CultureInfo.InvariantCulture,
            "t={0,4:F0} s calls={1} managed={2:F1} MB gc-heap={3:F1} MB working-set={4:F1} MB cpu={5:F1} s runnable-threads={6}",
            s.At.TotalSeconds, s.Calls, s.ManagedBytes / 1048576.0, s.GcHeapBytes / 1048576.0, s.WorkingSetBytes / 1048576.0, s.CpuSeconds, s.RunnableThreads);

        public static string Describe(StressPhase p, StressOptions o)
        {
            var text = string.Format(CultureInfo.InvariantCulture,
                "stress {0}: {1} threads x {2} instances, {3:F0} s: {4} calls ({5:F0}/s), {6} differences, {7}, {8} errors; managed after GC {9:F2} -> {10:F2} MB ({11:+0.00;-0.00;0.00} MB); " +
                "working set {12:F1} -> {13:F1} MB; allocated by the workers {14:F1} bytes/call; CPU {15:F1} s = {16:F2} cores busy of {17} ({1} threads asked); max runnable threads {18}",
                p.Sharing, p.Threads, p.Instances, p.Wall.TotalSeconds, p.Calls, p.Calls / Math.Max(1e-9, p.Wall.TotalSeconds), p.Differences,
                p.Deadlocked ? "DEADLOCK (no call finished for " + o.Watchdog.TotalSeconds.ToString("F0", CultureInfo.InvariantCulture) + " s)" : "no deadlock",
                p.Errors.Count, p.ManagedAfterGcStart / 1048576.0, p.ManagedAfterGcEnd / 1048576.0, p.ManagedGrowth / 1048576.0,
                p.Samples[0].WorkingSetBytes / 1048576.0, p.Samples[p.Samples.Count - 1].WorkingSetBytes / 1048576.0,
                p.WorkerAllocatedBytes / (double)Math.Max(1, p.Calls), p.CpuSeconds, p.CpuSeconds / Math.Max(1e-9, p.Wall.TotalSeconds), Environment.ProcessorCount, p.MaxRunnableThreads);
            if (p.FirstDifference != null) text += Environment.NewLine + "  first difference: " + p.FirstDifference;
            foreach (var e in p.Errors.Take(3)) text += Environment.NewLine + "  error: " + e;
            return text + Environment.NewLine + "  " + (p.Passed ? "PASS" : "FAIL");
        }

        /// <summary>Free instances; Take blocks until one is free. No allocation per Take/Return.</summary>
        private sealed class InstancePool
        {
            private readonly Stack<ICompiledModel> _free;

            public InstancePool(IEnumerable<ICompiledModel> instances) { _free = new Stack<ICompiledModel>(instances); }

            public ICompiledModel Take()
            {
                lock (_free)
                {
                    while (_free.Count == 0) Monitor.Wait(_free);
                    return _free.Pop();
                }
            }

            public void Return(ICompiledModel instance)
            {
                lock (_free)
                {
                    _free.Push(instance);
                    Monitor.Pulse(_free);
                }
            }
        }
    }
}
