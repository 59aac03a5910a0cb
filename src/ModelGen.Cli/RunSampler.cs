using System;
using System.Diagnostics;

namespace ModelGen.Cli
{
    /// <summary>
    /// Times one prepared model run. A model that runs in a few microseconds is below the clock's useful resolution
    /// and below the jitter of a single timed call, so each sample times a batch of back-to-back runs, sized once so
    /// that a sample lasts at least <see cref="MinSampleMs"/>, and reports the mean run of that batch.
    /// </summary>
    internal sealed class RunSampler
    {
        /// <summary>Shortest sample: far above Stopwatch's resolution and a timer interrupt's cost.</summary>
        public const double MinSampleMs = 0.2;

        private readonly Action _run;

        /// <summary>Runs per sample (1 for any model slower than <see cref="MinSampleMs"/>).</summary>
        public int RunsPerSample { get; }

        /// <summary>
        /// Calibrates the batch size after the caller's warm-up: doubles it until one batch lasts
        /// <see cref="MinSampleMs"/> (a single early run is too noisy to size it from).
        /// </summary>
        public RunSampler(Action run)
        {
            _run = run;
            int runs = 1;
            while (runs < MaxRunsPerSample && Time(runs) < MinSampleMs) runs *= 2;
            RunsPerSample = runs;
        }

        private const int MaxRunsPerSample = 1 << 16;

        /// <summary>One sample: the mean milliseconds of <see cref="RunsPerSample"/> runs.</summary>
        public double Sample() => Time(RunsPerSample) / RunsPerSample;

        private double Time(int runs)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < runs; i++) _run();
            return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
    }
}
