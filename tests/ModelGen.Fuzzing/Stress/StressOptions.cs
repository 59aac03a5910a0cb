using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace ModelGen.Fuzzing.Stress
{
    /// <summary>
    /// `campaign --mode stress [--model DIR|NAME] [--threads T] [--instances I] [--seconds S] [--sharing pool|shared|both]
    /// [--inputs N] [--seed S] [--shared DIR] [--sample-seconds S] [--watchdog-seconds S]`. NAME is a folder under
    /// DIR/models of --shared (default ../shared beside the working directory's checkout); --seconds is per sharing phase.
    /// </summary>
    internal sealed record StressOptions(
        string ModelDirectory,
        int Threads,
        int Instances,
        TimeSpan Duration,
        string Sharing,
        int InputCount,
        int Seed,
        TimeSpan SampleInterval,
        TimeSpan Watchdog)
    {
        public static StressOptions Parse(IReadOnlyDictionary<string, string> named)
        {
            string Get(string key, string fallback) => named.TryGetValue(key, out var v) ? v : fallback;
            int Int(string key, int fallback) => int.Parse(Get(key, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
            double Seconds(string key, double fallback) => double.Parse(Get(key, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

            string model = Get("--model", "mnist-8");
            if (!Directory.Exists(model))
                model = Path.Combine(Get("--shared", Path.Combine("..", "shared")), "models", model);
            string sharing = Get("--sharing", "both");
            if (sharing != "pool" && sharing != "shared" && sharing != "both")
                throw new ArgumentException("--sharing must be pool, shared or both, not " + sharing);
            return new StressOptions(Path.GetFullPath(model), Int("--threads", 8), Int("--instances", 8), TimeSpan.FromSeconds(Seconds("--seconds", 60)),
                sharing, Int("--inputs", 8), Int("--seed", 1), TimeSpan.FromSeconds(Seconds("--sample-seconds", 10)), TimeSpan.FromSeconds(Seconds("--watchdog-seconds", 30)));
        }
    }
}
