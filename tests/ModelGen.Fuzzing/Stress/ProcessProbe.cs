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
        /// Threads of this process in state R (running or ready to run) per /proc/self/task/*/stat; -1 where there is
        /// no /proc. More runnable threads than the stress asked for would mean Predict starts threads of its own.
        /// </summary>
        public static int RunnableThreadCount()
        {
            const string tasks = "/proc/self/task";
            if (!Directory.Exists(tasks)) return -1;
            int runnable = 0;
            foreach (var task in Directory.GetDirectories(tasks))
            {
                try
                {
                    string stat = File.ReadAllText(Path.Combine(task, "stat"));
                    // "pid (comm) S ...": the state follows the last ')' (comm may hold spaces and parentheses).
                    int close = stat.LastIndexOf(')');
                    if (close > 0 && close + 2 < stat.Length && stat[close + 2] == 'R') runnable++;
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
