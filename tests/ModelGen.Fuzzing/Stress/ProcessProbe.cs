using System;
using System.Diagnostics;
using System.IO;

namespace ModelGen.Fuzzing.Stress
{
    /// <summary>What the process costs at one moment: memory three ways, CPU time so far, and its runnable threads.</summary>
    internal sealed record ProcessSample(TimeSpan At, long Calls, long ManagedBytes, long GcHeapBytes, long WorkingSetBytes, double CpuSeconds, int RunnableThreads)
    {
        public static ProcessSample Take(TimeSpan at, long calls)
        {
            using var process = Process.GetCurrentProcess();
            return new ProcessSample(at, calls, GC.GetTotalMemory(false), GC.GetGCMemoryInfo().HeapSizeBytes, process.WorkingSet64,
                process.TotalProcessorTime.TotalSeconds, RunnableThreadCount());
        }

        /// <summary>
        /// Threads of this process in state R (running or ready to run) per /proc/self/task/*/stat, the calling thread
        /// left out; -1 where there is no /proc. More runnable threads than the stress asked for would mean Predict starts threads of its own.
        /// </summary>
        [ThreadStatic] private static byte[]? t_stat;

        private static byte[] StatBuffer => t_stat ??= new byte[4096];

        public static int RunnableThreadCount()
        {
            const string tasks = "/proc/self/task";
            if (!Directory.Exists(tasks)) return -1;
            // The sampling thread is running as it reads: it is not counted.
            string self = Path.GetFileName(new DirectoryInfo("/proc/thread-self").LinkTarget ?? "");
            int runnable = 0;
            foreach (var task in Directory.GetDirectories(tasks))
            {
                if (Path.GetFileName(task) == self) continue;
                try
                {
                    // Read into one reused buffer: the probe runs every second and must not itself look like a leak.
                    int length;
                    using (var handle = File.OpenHandle(Path.Combine(task, "stat")))
                        length = RandomAccess.Read(handle, StatBuffer, 0);
                    // "pid (comm) S ...": the state follows the last ')' (comm may hold spaces and parentheses).
                    int close = Array.LastIndexOf(StatBuffer, (byte)')', Math.Max(0, length - 1));
                    if (close > 0 && close + 2 < length && StatBuffer[close + 2] == (byte)'R') runnable++;
                }
                catch (IOException)
                {
                    // The thread ended between the listing and the read.
                }
            }
            return runnable;
        }
    }
}
