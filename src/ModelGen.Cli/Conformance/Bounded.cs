using System;
using System.Threading;

namespace ModelGen.Cli.Conformance
{
    /// <summary>
    /// Runs work on its own background thread and waits at most a timeout. A thread still running then is abandoned
    /// (.NET cannot abort it): it keeps a core busy, but the caller moves on and the process can still exit.
    /// A dedicated thread, not a thread-pool task, because <c>Task.Wait</c> may run a queued task inline on the
    /// waiting thread, and then no timeout applies; and because blocked pool threads starve the pool.
    /// </summary>
    internal static class Bounded
    {
        /// <summary>Generous, so deep recursion in the compiler or in a generated model is not the first limit hit.</summary>
        private const int StackBytes = 16 * 1024 * 1024;

        /// <summary>
        /// True when <paramref name="work"/> finished within <paramref name="timeout"/>: then either
        /// <paramref name="result"/> holds its value or <paramref name="error"/> what it threw.
        /// </summary>
        public static bool TryRun<T>(Func<T> work, TimeSpan timeout, out T result, out Exception? error)
        {
            T value = default!;
            Exception? thrown = null;
            var thread = new Thread(() =>
            {
                try
                {
                    value = work();
                }
                catch (Exception e)
                {
                    thrown = e;
                }
            }, StackBytes)
            {
                IsBackground = true,
                Name = "modelgen bounded work",
            };
            thread.Start();
            bool finished = thread.Join(timeout > TimeSpan.Zero ? timeout : TimeSpan.Zero);
            result = finished ? value : default!;
            error = finished ? thrown : null;
            return finished;
        }
    }
}
