using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using ModelGen.Cli;

namespace ModelGen.Benchmarks
{
    /// <summary>The whole run: the FMA peak, then per model its compile, construction row and one timed row per thread count, then the peak again.</summary>
    internal static class BenchmarkRun
    {
        public static BenchReport Run(BenchOptions options, string command, TextWriter log)
        {
            var started = DateTime.UtcNow;
            // ORT's environment starts once per process: start it before any model, so no model's construction pays for it.
            string ortVersion = OrtEnv.Instance().GetVersionString();
            string loadBefore = MachineInfo.LoadAverage();
            var (peakStart, bits) = FmaPeak.Measure(0.5);
            log.WriteLine("FMA peak of one core at the start: " + peakStart.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " GFLOP/s (" + bits + "-bit); load average " + loadBefore);
            var settings = options.Settings;
            var report = new BenchReport
            {
                Command = command, StartedUtc = started, Quick = options.Quick, Cpu = MachineInfo.CpuModel(), Cores = Environment.ProcessorCount,
                InstructionSets = MachineInfo.InstructionSets(), Runtime = MachineInfo.Runtime(), OrtVersion = ortVersion, LoadBefore = loadBefore,
                PeakStart = peakStart, PeakBits = bits, ThreadCounts = options.Threads, ConstructionSamples = settings.ConstructionSamples, OrtSpin = settings.OrtSpin,
            };

            foreach (var (name, build) in Select(options, report.Skipped))
            {
                log.WriteLine(name + ":");
                try
                {
                    var model = build();
                    report.Models.Add(model);
                    var compiled = ModelGenClass.Compile(model);
                    log.WriteLine("  compiled by ModelGen in " + Report.Ms(compiled.CompileTime.TotalMilliseconds) + " ms (ONNX -> C# -> assembly, in memory)");
                    report.Constructions.Add(RowRunner.Construction(model, compiled, settings, log));
                    foreach (int threads in options.Threads) report.Rows.Add(RowRunner.Run(model, compiled, threads, settings, log));
                }
                catch (Exception e) when (e is BenchmarkException || e is OnnxRuntimeException)
                {
                    string line = name + " was not measured: " + (e is OnnxRuntimeException ? "ONNX Runtime: " : "") + e.Message;
                    report.Skipped.Add(line);
                    log.WriteLine("  " + line);
                }
            }

            report.PeakEnd = FmaPeak.Measure(0.5).GFlops;
            report.LoadAfter = MachineInfo.LoadAverage();
            log.WriteLine("FMA peak of one core at the end: " + report.PeakEnd.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " GFLOP/s; load average " + report.LoadAfter);
            return report;
        }

        /// <summary>The shared models then the synthetic ones, filtered by --only (an unknown name is a usage error).</summary>
        private static IReadOnlyList<(string Name, Func<BenchModel> Build)> Select(BenchOptions options, List<string> skipped)
        {
            var all = SharedModels.Find(options.SharedDir, skipped).Concat(SyntheticModels.All()).ToList();
            if (options.Only == null) return all;
            var unknown = options.Only.Where(n => all.All(m => m.Name != n)).ToArray();
            if (unknown.Length > 0)
                throw new ArgumentException("--only: no model named " + string.Join(", ", unknown) + "; the models are " + string.Join(", ", all.Select(m => m.Name)) + ".");
            return all.Where(m => options.Only.Contains(m.Name)).ToList();
        }
    }
}
