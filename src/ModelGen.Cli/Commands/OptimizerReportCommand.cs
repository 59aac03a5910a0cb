using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using ModelGen.Compiler.Inspection;
using ModelGen.Compiler.Ir;

namespace ModelGen.Cli.Commands
{
    /// <summary>
    /// <c>modelgen optimizer-report model-dir-or-onnx... [--markdown f.md] [--runs N] [--dims ...]</c>: what the
    /// build-time optimizer does to each model. Each model is compiled twice in memory, optimizing passes off and on,
    /// and one table row compares them: nodes, kernel calls, fusions, arena bytes against the live lower bound and the
    /// naive sum, the one-thread median latency of both (timed interleaved in one run, so drift hits both alike), and
    /// whether each variant's outputs match the model's test data.
    /// </summary>
    internal static class OptimizerReportCommand
    {
        /// <summary>The tolerance <c>modelgen run</c> uses by default for ONNX test data.</summary>
        private const double RTol = 1e-3, ATol = 1e-5;

        private sealed class Settings
        {
            public string[] Models = Array.Empty<string>();
            public string? Markdown;
            public int Runs;
            public double WarmupSeconds;
            public string? Dims;
        }

        public static Command Create(CliIO io)
        {
            var models = new Argument<string[]>("model")
            {
                Description = "A folder holding model.onnx and test_data_set_0/ (input_N.pb, output_N.pb), or an .onnx file with test_data_set_0/ beside it.",
                Arity = ArgumentArity.OneOrMore,
            };
            var markdown = new Option<string?>("--markdown") { Description = "Also write the table as a Markdown page (docs/optimizer.md).", HelpName = "file.md" };
            var runs = new Option<int>("--runs") { Description = "Timed runs of each variant (off and on alternate).", DefaultValueFactory = _ => 30, HelpName = "N" };
            var warmup = new Option<double>("--warmup-seconds") { Description = "Untimed runs of each variant for this long first.", DefaultValueFactory = _ => 1.0 };
            var dims = ModelSource.DimsOption();
            var command = new Command("optimizer-report",
                "Compiles each model in memory with the optimizing passes off and on and prints one table row per model: nodes\n" +
                "(imported, off, on), kernel calls (off, on), fusions by kind, arena bytes (off, on) beside the live lower bound and\n" +
                "the naive sum (on), the one-thread median latency off and on (timed interleaved) and the median of their interleaved pairs' ratios (on/off), and whether each\n" +
                "variant's outputs match output_N.pb (rtol 1e-3, atol 1e-5). Symbolic dims are pinned from the input files (or --dims).\n" +
                "Also prints this machine's CPU and its fp32 FMA peak, measured in the same run.\n" +
                "Exit 0 when every variant matches, 1 on a MISMATCH, 2 when a model does not compile, 3 on other failures.")
            {
                models, markdown, runs, warmup, dims,
            };
            command.SetAction(parse => io.Guard(() => Execute(io, new Settings
            {
                Models = parse.GetValue(models) ?? Array.Empty<string>(),
                Markdown = parse.GetValue(markdown),
                Runs = parse.GetValue(runs),
                WarmupSeconds = parse.GetValue(warmup),
                Dims = parse.GetValue(dims),
            })));
            return command;
        }

        /// <summary>One model's figures; null fields print as "-".</summary>
        private sealed class Row
        {
            public string Name = "";
            public string? Error;
            public int ExitCode;
            public InspectStats? Off, On;
            public double? OffMs, OnMs, Ratio;
            public string OffCheck = "-", OnCheck = "-";
        }

        private static int Execute(CliIO io, Settings s)
        {
            if (s.Runs < 1 || !(s.WarmupSeconds >= 0)) throw new UsageException("--runs must be at least 1 and --warmup-seconds not negative.");
            ModelSource.ParseDims(s.Dims); // a usage error before any work
            var paths = s.Models.Select(Resolve).ToList();
            // The peak before and after the models: on shared cores the two differ, and say how steady the machine was.
            var (peakBefore, bits) = FmaPeak.Measure();
            var rows = new List<Row>();
            foreach (var (name, path) in paths)
            {
                io.Err.WriteLine("optimizer-report: " + name + " (" + path + ")");
                rows.Add(Measure(io, name, path, s));
            }
            var (peakAfter, _) = FmaPeak.Measure();
            var head = new[]
            {
                "cpu: " + CpuName(),
                "fp32 FMA peak, one core, measured in this run: " + peakBefore.ToString("0.0", CultureInfo.InvariantCulture) + " GFLOP/s before the models, " +
                peakAfter.ToString("0.0", CultureInfo.InvariantCulture) + " after (" + bits + "-bit vectors)",
                "latency: one thread, median of " + s.Runs + " samples of each variant (a sample is one run, or the mean of a batch of runs lasting at least " +
                RunSampler.MinSampleMs.ToString(CultureInfo.InvariantCulture) + " ms for a faster model), off and on interleaved after " +
                s.WarmupSeconds.ToString("0.##", CultureInfo.InvariantCulture) + " s of warm-up each; on/off is the median of the " + s.Runs +
                " interleaved pairs' ratios; outputs checked against output_N.pb at rtol " +
                RTol.ToString(CultureInfo.InvariantCulture) + ", atol " + ATol.ToString(CultureInfo.InvariantCulture),
            };
            foreach (var line in head) io.Out.WriteLine(line);
            var table = rows.Select(Cells).ToList();
            io.Out.Write(TextTable(table));
            foreach (var r in rows.Where(r => r.Error != null)) io.Out.WriteLine(r.Name + ": " + r.Error);
            if (s.Markdown != null)
            {
                ReportFile.Write(s.Markdown, Markdown(head, table, rows));
                io.Out.WriteLine("wrote " + s.Markdown);
            }
            // The worst outcome: 3 (failure) over 2 (does not compile) over 1 (mismatch) over 0.
            return rows.Select(r => r.ExitCode).DefaultIfEmpty(ExitCodes.Success).Max();
        }

        /// <summary>A folder means its model.onnx; the row is named after the folder ("mnist-8") or the file ("tiny").</summary>
        private static (string Name, string Path) Resolve(string arg)
        {
            if (Directory.Exists(arg))
            {
                string file = Path.Combine(arg, "model.onnx");
                if (!File.Exists(file)) throw new UsageException("folder '" + arg + "' holds no model.onnx.");
                return (Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(arg))), file);
            }
            if (!File.Exists(arg)) throw new UsageException("model '" + arg + "' not found.");
            string stem = Path.GetFileNameWithoutExtension(arg);
            return (stem == "model" ? Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(arg))) ?? stem : stem, arg);
        }

        private static Row Measure(CliIO io, string name, string path, Settings s)
        {
            var row = new Row { Name = name };
            var quiet = new CliIO(TextWriter.Null, io.Err);
            try
            {
                byte[] bytes = ModelSource.ReadModel(path);
                string className = ModelSource.ClassName(path, null);
                string? dims = s.Dims;

                // Both variants are compiled for the same concrete shapes: symbolic dims the input files give are pinned.
                var off = RunCommand.Prepare(quiet, path, "", dims, optimize: false);
                if (off == null) return Failed(row, ExitCodes.CompileProblems, "does not compile (see 'modelgen check')");
                if (off.Info.SymbolicDims.Count > 0)
                {
                    string pins = string.Join(";", off.Info.SymbolicDims.Select((d, i) => d + "=" + off.DimValues[i].ToString(CultureInfo.InvariantCulture)));
                    dims = string.IsNullOrEmpty(dims) ? pins : dims + ";" + pins;
                    io.Err.WriteLine("optimizer-report: " + name + ": pinned " + pins.Replace(";", ", "));
                    off = RunCommand.Prepare(quiet, path, "", dims, optimize: false);
                    if (off == null) return Failed(row, ExitCodes.CompileProblems, "does not compile with " + pins);
                }
                var on = RunCommand.Prepare(quiet, path, "", dims, optimize: true);
                if (on == null) return Failed(row, ExitCodes.CompileProblems, "does not compile with the optimizer on");

                var options = ModelSource.Options(path, className, ModelSource.DefaultNamespace, ModelSource.ParseDims(dims));
                row.Off = ModelInspector.Inspect(bytes, options.WithOptimize(false)).Stats;
                row.On = ModelInspector.Inspect(bytes, options.WithOptimize(true)).Stats;

                row.OffCheck = Check(off);
                row.OnCheck = Check(on);
                (row.OffMs, row.OnMs, row.Ratio) = Time(off, on, s.Runs, s.WarmupSeconds);
                row.ExitCode = row.OffCheck == "ok" && row.OnCheck == "ok" ? ExitCodes.Success : ExitCodes.OutsideTolerance;
            }
            catch (UsageException e)
            {
                return Failed(row, ExitCodes.Failure, e.Message);
            }
            catch (CliFailureException e)
            {
                return Failed(row, ExitCodes.Failure, e.Message);
            }
            return row;
        }

        private static Row Failed(Row row, int exitCode, string error)
        {
            row.Error = error;
            row.ExitCode = exitCode;
            return row;
        }

        /// <summary>"ok" when every output_N.pb beside the inputs matches, "MISMATCH" when one does not, "no data" when there is none.</summary>
        private static string Check(RunCommand.Prepared p)
        {
            RunResultView[] results;
            try
            {
                results = p.Instance.Run(p.DimValues, p.Inputs).Select(r => new RunResultView(r.Bytes.ToArray(), r.Dims.Select(d => (long)d).ToArray())).ToArray();
            }
            catch (Exception e)
            {
                throw new CliFailureException("the model threw while running: " + e.GetType().Name + ": " + e.Message);
            }
            int compared = 0;
            for (int i = 0; i < results.Length; i++)
            {
                string file = Path.Combine(p.DataDir, "output_" + i + ".pb");
                if (!File.Exists(file)) continue;
                var expected = RunCommand.ReadTensor(file);
                var c = OutputComparer.Compare((ElementType)(int)p.Info.Outputs[i].ElementType, results[i].Dims, results[i].Bytes, expected, RTol, ATol);
                if (!c.Pass) return "MISMATCH";
                compared++;
            }
            return compared == 0 ? "no data" : "ok";
        }

        private readonly record struct RunResultView(byte[] Bytes, long[] Dims);

        /// <summary>Warms both up, then alternates timed samples (a sample batches runs under 0.2 ms; see RunSampler) (off first on even runs, on first on odd ones); the medians.</summary>
        private static (double Off, double On, double Ratio) Time(RunCommand.Prepared off, RunCommand.Prepared on, int runs, double warmupSeconds)
        {
            foreach (var p in new[] { off, on, off, on })
            {
                var warm = Stopwatch.StartNew();
                do p.RunOnce();
                while (warm.Elapsed.TotalSeconds < warmupSeconds / 2);
            }
            var offSampler = new RunSampler(off.RunOnce);
            var onSampler = new RunSampler(on.RunOnce);
            var offTimes = new double[runs];
            var onTimes = new double[runs];
            for (int i = 0; i < runs; i++)
            {
                if (i % 2 == 0)
                {
                    offTimes[i] = offSampler.Sample();
                    onTimes[i] = onSampler.Sample();
                }
                else
                {
                    onTimes[i] = onSampler.Sample();
                    offTimes[i] = offSampler.Sample();
                }
            }
            // The ratio is the median of each interleaved pair's on/off: a pair is timed within a few milliseconds, so load
            // that drifts over the run (this is a shared machine) moves both of its samples alike and cancels out.
            var pairs = Enumerable.Range(0, runs).Select(i => onTimes[i] / offTimes[i]).ToArray();
            return (Median(offTimes), Median(onTimes), Median(pairs));
        }

        private static double Median(double[] times)
        {
            var sorted = times.OrderBy(t => t).ToArray();
            int n = sorted.Length;
            return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        }

        private static readonly string[] s_columns =
        {
            "model", "nodes imported", "nodes off", "nodes on", "kernel calls off", "kernel calls on", "fusions (on)",
            "arena off", "arena on", "live lower bound", "naive sum", "median ms off", "median ms on", "on/off", "outputs off", "outputs on",
        };

        private static string[] Cells(Row r)
        {
            var c = CultureInfo.InvariantCulture;
            string Bytes(long? v) => v.HasValue ? v.Value.ToString("N0", c) : "-";
            string Ms(double? v) => v.HasValue ? v.Value.ToString(v.Value < 0.1 ? "0.0000" : v.Value < 10 ? "0.000" : "0.00", c) : "-";
            string Calls(InspectStats? st) => st == null ? "-" : st.KernelCalls.Sum(k => k.Value).ToString(c);
            string fusions = r.On == null ? "-" : r.On.Fusions.Count == 0 ? "none" : string.Join(", ", r.On.Fusions.Select(kv => kv.Key + " " + kv.Value));
            string ratio = r.Ratio.HasValue ? r.Ratio.Value.ToString("0.00", c) : "-";
            return new[]
            {
                r.Name,
                r.Off?.NodesBefore.ToString(c) ?? "-",
                r.Off?.NodesAfter.ToString(c) ?? "-",
                r.On?.NodesAfter.ToString(c) ?? "-",
                Calls(r.Off),
                Calls(r.On),
                fusions,
                Bytes(r.Off?.ArenaBytes),
                Bytes(r.On?.ArenaBytes),
                Bytes(r.On?.LiveLowerBoundBytes),
                Bytes(r.On?.NaiveBytes),
                Ms(r.OffMs),
                Ms(r.OnMs),
                ratio,
                r.Error == null ? r.OffCheck : "error",
                r.Error == null ? r.OnCheck : "error",
            };
        }

        /// <summary>Columns padded to their widest cell, numbers right-aligned.</summary>
        private static string TextTable(List<string[]> rows)
        {
            var all = new[] { s_columns }.Concat(rows).ToList();
            var widths = Enumerable.Range(0, s_columns.Length).Select(i => all.Max(r => r[i].Length)).ToArray();
            var sb = new System.Text.StringBuilder();
            foreach (var r in all)
            {
                sb.Append(string.Join("  ", r.Select((cell, i) => i == 0 || i == 6 || i >= 14 ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i]))).TrimEnd());
                sb.Append('\n');
            }
            return sb.ToString();
        }

        private static string Markdown(string[] head, List<string[]> table, List<Row> rows)
        {
            var sb = new System.Text.StringBuilder();
            sb.Append("# The build-time optimizer, measured\n\n");
            sb.Append("Written by `modelgen optimizer-report` (each model compiled in memory twice: optimizing passes off, `--no-optimize`, and on).\n");
            sb.Append("Nodes count the graph after the passes (load-time nodes included); kernel calls count the run-time calls; arena, live lower bound and naive sum are bytes of working memory ");
            sb.Append("(the live lower bound and the naive sum are those of the optimized variant; \"-\" where not computed).\n\n");
            foreach (var line in head) sb.Append("- ").Append(line).Append('\n');
            sb.Append('\n');
            sb.Append("| ").Append(string.Join(" | ", s_columns)).Append(" |\n");
            sb.Append('|').Append(string.Concat(s_columns.Select((_, i) => i == 0 || i == 6 || i >= 14 ? " --- |" : " ---: |"))).Append('\n');
            foreach (var r in table) sb.Append("| ").Append(string.Join(" | ", r.Select(cell => cell.Replace("|", "\\|")))).Append(" |\n");
            var errors = rows.Where(r => r.Error != null).ToList();
            if (errors.Count > 0)
            {
                sb.Append('\n');
                foreach (var r in errors) sb.Append("- ").Append(r.Name).Append(": ").Append(r.Error).Append('\n');
            }
            return sb.ToString();
        }

        /// <summary>The "model name" line of /proc/cpuinfo, or the OS's architecture where there is none.</summary>
        internal static string CpuName()
        {
            try
            {
                if (File.Exists("/proc/cpuinfo"))
                {
                    var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
                    if (line != null && line.IndexOf(':') >= 0) return line.Substring(line.IndexOf(':') + 1).Trim() + " (" + Environment.ProcessorCount + " cores visible)";
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
            }
            return System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture + " (" + Environment.ProcessorCount + " cores visible)";
        }
    }
}
