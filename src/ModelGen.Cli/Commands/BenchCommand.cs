using System;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Linq;

namespace ModelGen.Cli.Commands
{
    /// <summary>
    /// <c>modelgen bench model.onnx</c>: compiles in memory (Release), warms up, then times Predict calls (batched when under 0.2 ms)
    /// on the model's test inputs and prints the median, min and p90 latency (with --json, one JSON object).
    /// Compare against another runtime only with figures measured in the same session on the same machine.
    /// </summary>
    internal static class BenchCommand
    {
        public static Command Create(CliIO io)
        {
            var model = ModelSource.ModelArgument();
            var data = new Option<string?>("--data", "-d") { Description = "Folder holding input_N.pb [default: test_data_set_0 beside the model].", HelpName = "dir" };
            var runs = new Option<int>("--runs", "--iterations") { Description = "Timed runs.", DefaultValueFactory = _ => 50, HelpName = "N" };
            var warmupRuns = new Option<int?>("--warmup") { Description = "Untimed runs first [default: as many as --warmup-seconds takes].", HelpName = "N" };
            var warmup = new Option<double?>("--warmup-seconds") { Description = "Untimed runs for this long first, so the JIT has optimised the kernels [default: 2, or 0 with --warmup]." };
            var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text." };
            var threads = new Option<int>("--threads") { Description = "The instance's MaxThreads: 1 (the calling thread only), N, or 0 for auto.", DefaultValueFactory = _ => 1 };
            var dims = ModelSource.DimsOption();
            var noOptimize = ModelSource.NoOptimizeOption();
            var command = new Command("bench",
                "Compiles the model in memory (Release), warms up, then times runs on input_N.pb (--threads, default one; runs under 0.2 ms are timed in batches).\n" +
                "Prints median, min and p90 latency. Exit 0, 2 when the model does not compile, 3 on other failures.")
            {
                model, data, runs, warmupRuns, warmup, json, dims, noOptimize, threads,
            };
            // A count of warm-up runs alone means just those runs; a time alone, or neither, warms up for that long (2 s).
            command.SetAction(parse => io.Guard(() => Execute(io, parse.GetValue(model)!, parse.GetValue(data) ?? "", parse.GetValue(runs),
                parse.GetValue(warmupRuns) ?? 1, parse.GetValue(warmup) ?? (parse.GetValue(warmupRuns) == null ? 2.0 : 0.0),
                parse.GetValue(json), parse.GetValue(dims), parse.GetValue(noOptimize), parse.GetValue(threads))));
            return command;
        }

        private static int Execute(CliIO io, string modelPath, string dataDir, int runs, int minWarmupRuns, double warmupSeconds, bool json, string? dims, bool noOptimize, int threads)
        {
            if (runs < 1 || minWarmupRuns < 0 || !(warmupSeconds >= 0)) throw new UsageException("--runs (--iterations) must be at least 1, and --warmup and --warmup-seconds not negative.");
            if (threads < 0) throw new UsageException("--threads must be 0 (auto) or a positive count.");
            // In JSON mode the compile report goes to stderr so stdout holds only the JSON.
            var quiet = new CliIO(json ? io.Err : io.Out, io.Err);
            var p = RunCommand.Prepare(quiet, modelPath, dataDir, dims, !noOptimize);
            if (p == null) return ExitCodes.CompileProblems;
            if (p.Instance is Runtime.IThreadedModel threaded) threaded.MaxThreads = threads;
            else if (threads != 1) throw new UsageException("--threads: this model class has no thread budget.");
            int used = Runtime.Threading.ParallelRange.Resolve(threads);
            var warm = Stopwatch.StartNew();
            int warmRuns = 0;
            while (warmRuns < minWarmupRuns || warm.Elapsed.TotalSeconds < warmupSeconds)
            {
                p.RunOnce();
                warmRuns++;
            }
            var sampler = new RunSampler(p.RunOnce);
            var times = new double[runs];
            for (int i = 0; i < runs; i++) times[i] = sampler.Sample();
            Array.Sort(times);
            var (peak, bits) = FmaPeak.Measure();
            double median = times[runs / 2], min = times[0], p90 = times[Math.Min(runs - 1, (int)Math.Ceiling(runs * 0.9) - 1)];
            string F(double v) => v.ToString(v < 0.1 ? "0.0000" : "0.000", CultureInfo.InvariantCulture);
            if (json)
                io.Out.WriteLine("{\"model\":\"" + modelPath.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\",\"runtime\":\"modelgen\",\"threads\":" + used + ",\"optimize\":" + (noOptimize ? "false" : "true") + ",\"runs\":" + runs +
                                 ",\"warmupRuns\":" + warmRuns + ",\"runsPerSample\":" + sampler.RunsPerSample + ",\"medianMs\":" + F(median) + ",\"minMs\":" + F(min) + ",\"p90Ms\":" + F(p90) +
                                 ",\"fmaPeakGflops\":" + peak.ToString("0.0", CultureInfo.InvariantCulture) + ",\"fmaBits\":" + bits + "}");
            else
                io.Out.WriteLine("bench: " + runs + (sampler.RunsPerSample > 1 ? " samples of " + sampler.RunsPerSample + " runs" : " runs") + " after " + warmRuns + " warm-up runs: median " + F(median) + " ms, min " + F(min) + " ms, p90 " + F(p90) + " ms (" + (used == 1 ? "one thread" : used + " threads") + (noOptimize ? ", optimizer off" : "") + "); " +
                                 "this core's fp32 FMA peak, measured now: " + peak.ToString("0.0", CultureInfo.InvariantCulture) + " GFLOP/s (" + bits + "-bit vectors)");
            return ExitCodes.Success;
        }
    }
}
