using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using ModelGen.Compiler;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Reading;
using ModelGen.Runtime;

namespace ModelGen.Cli.Conformance
{
    /// <summary>The four ways a conformance test ends.</summary>
    internal enum ConformanceStatus
    {
        /// <summary>Compiled, and every output of every data set within tolerance.</summary>
        Passed,
        /// <summary>Ran, but some output has the wrong values, type or shape, or a data set does not fit the model's inputs.</summary>
        Failed,
        /// <summary>The compiler reported MG errors: the model uses something ModelGen does not support.</summary>
        Unsupported,
        /// <summary>A bug of ours that is not a wrong number: an exception or a hang in the compiler, the generated C# or the model run.</summary>
        Crashed,
    }

    /// <summary>What became of one test: its status, a one-line detail, and the op types its model uses.</summary>
    internal sealed class ConformanceResult
    {
        public ConformanceResult(ConformanceCase test, IReadOnlyList<string> opTypes, ConformanceStatus status, string detail)
        {
            Test = test;
            OpTypes = opTypes;
            Status = status;
            Detail = detail;
        }

        public ConformanceCase Test { get; }

        /// <summary>Distinct op types of the model, nested graphs included ("Conv", "ai.onnx.ml::Scaler").</summary>
        public IReadOnlyList<string> OpTypes { get; }

        public ConformanceStatus Status { get; }

        /// <summary>One line: the worst error (passed, failed), the MG errors (unsupported), or what went wrong (crashed).</summary>
        public string Detail { get; }

        /// <summary>For a first-error breakdown of unsupported tests: "MG0101", or "" when none applies.</summary>
        public string FirstErrorId { get; internal set; } = "";

        /// <summary>The op types the compiler reported as not implemented (MG0101), for a "what to add next" list.</summary>
        public IReadOnlyList<string> MissingOps { get; internal set; } = Array.Empty<string>();
    }

    /// <summary>How to run a suite.</summary>
    internal sealed class ConformanceSettings
    {
        public int Jobs { get; set; } = Environment.ProcessorCount;
        public double RTol { get; set; } = 1e-3;
        public double ATol { get; set; } = 1e-7;

        /// <summary>Bounds each test's model compile, and separately its load plus all its runs.</summary>
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>False compiles with the optimizing passes off (--no-optimize).</summary>
        public bool Optimize { get; set; } = true;

        /// <summary>Progress lines for a human (stderr).</summary>
        public Action<string>? Progress { get; set; }
    }

    /// <summary>All the results of a run, in the order of the cases given, and where the time went.</summary>
    internal sealed class ConformanceRun
    {
        public ConformanceRun(IReadOnlyList<ConformanceResult> results, ModelBatchResult batch, TimeSpan runTime)
        {
            Results = results;
            Batch = batch;
            RunTime = runTime;
        }

        public IReadOnlyList<ConformanceResult> Results { get; }
        public ModelBatchResult Batch { get; }
        public TimeSpan RunTime { get; }

        public int Count(ConformanceStatus status) => Results.Count(r => r.Status == status);
    }

    /// <summary>
    /// Compiles every test's model in one <see cref="ModelBatch"/>, then runs each compiled model on all its data sets
    /// (in parallel, each test bounded by the timeout) and classifies the outcome as a <see cref="ConformanceStatus"/>.
    /// </summary>
    internal static class ConformanceRunner
    {
        /// <summary>The longest detail a report line carries; exception texts are cut to it.</summary>
        private const int DetailLength = 600;

        public static ConformanceRun Run(IReadOnlyList<ConformanceCase> cases, ConformanceSettings settings)
        {
            var batch = ModelBatch.Compile(cases.Select(c => c.ModelPath).ToList(), new ModelBatchSettings
            {
                Jobs = settings.Jobs,
                CompileTimeout = settings.Timeout,
                Optimize = settings.Optimize,
                Progress = settings.Progress,
            });

            var results = new ConformanceResult[cases.Count];
            var progress = new ProgressLine(settings.Progress);
            var clock = Stopwatch.StartNew();
            int next = -1, done = 0;
            var tally = new int[4];
            // Dedicated threads, not the thread pool: each blocks on its test's bounded work.
            var workers = Enumerable.Range(0, Math.Max(1, Math.Min(settings.Jobs, Math.Max(1, cases.Count)))).Select(_ => new Thread(() =>
            {
                for (int i = Interlocked.Increment(ref next); i < cases.Count; i = Interlocked.Increment(ref next))
                {
                    var r = RunOne(cases[i], batch.Models[i], settings);
                    results[i] = r;
                    Interlocked.Increment(ref tally[(int)r.Status]);
                    int n = Interlocked.Increment(ref done);
                    progress.Report(() => "run: " + n + "/" + cases.Count + " tests (" + tally[0] + " passed, " + tally[1] + " failed, " + tally[2] + " unsupported, " +
                                          tally[3] + " crashed), " + ModelBatch.Seconds(clock.Elapsed), n == cases.Count);
                }
            }, 16 * 1024 * 1024) { IsBackground = true, Name = "modelgen conformance worker" }).ToList();
            foreach (var w in workers) w.Start();
            foreach (var w in workers) w.Join();
            return new ConformanceRun(results, batch, clock.Elapsed);
        }

        private static ConformanceResult RunOne(ConformanceCase test, BatchedModel m, ConformanceSettings s)
        {
            IReadOnlyList<string> ops;
            try
            {
                ops = OnnxOpTypes.Of(File.ReadAllBytes(test.ModelPath));
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                ops = Array.Empty<string>();
            }
            ConformanceResult Result(ConformanceStatus status, string detail, string firstError = "") =>
                new ConformanceResult(test, ops, status, OneLine(detail)) { FirstErrorId = firstError };

            if (m.CompileCrash != null) return Result(ConformanceStatus.Crashed, m.CompileCrash);
            var compiled = m.Compiled!;
            var errors = compiled.Problems.Where(p => p.Severity == ProblemSeverity.Error).ToList();
            var internalError = errors.FirstOrDefault(p => p.Id == DiagnosticIds.InternalError.Id);
            if (internalError != null) return Result(ConformanceStatus.Crashed, "internal compiler error: " + internalError);
            if (!compiled.Success)
            {
                if (errors.Count == 0) return Result(ConformanceStatus.Crashed, "the compiler gave no sources and no errors");
                var result = Result(ConformanceStatus.Unsupported, string.Join(" | ", errors.Select(p => p.ToString()).Distinct()), errors[0].Id);
                result.MissingOps = errors.Where(p => p.Id == DiagnosticIds.UnsupportedOp.Id && !string.IsNullOrEmpty(p.OpType)).Select(p => p.OpType!).Distinct(StringComparer.Ordinal).ToList();
                return result;
            }
            if (m.CSharpErrors != null) return Result(ConformanceStatus.Crashed, "the generated C# does not compile: " + m.CSharpErrors);

            // Load, then every data set, within one deadline.
            var deadline = Stopwatch.StartNew();
            if (!Bounded.TryRun(m.Load, s.Timeout, out ICompiledModel model, out Exception? thrown))
                return Result(ConformanceStatus.Crashed, "loading the model did not finish within " + ModelBatch.Seconds(s.Timeout));
            if (thrown != null) return Result(ConformanceStatus.Crashed, "loading the model threw: " + (thrown.InnerException ?? thrown));

            double maxAbs = 0, maxRel = 0;
            for (int k = 0; k < test.DataSets.Count; k++)
            {
                string where = test.DataSets.Count > 1 ? Path.GetFileName(test.DataSets[k]) + ": " : "";
                var left = s.Timeout - deadline.Elapsed;
                if (left <= TimeSpan.Zero) return Result(ConformanceStatus.Crashed, where + "the test ran past its timeout of " + ModelBatch.Seconds(s.Timeout));
                var run = TestDataRunner.Run(model, test.DataSets[k], s.RTol, s.ATol, left);
                switch (run.Kind)
                {
                    case DataSetFailure.Threw:
                    case DataSetFailure.TimedOut:
                        return Result(ConformanceStatus.Crashed, where + run.Failure);
                    case DataSetFailure.BadData:
                        return Result(ConformanceStatus.Failed, where + run.Failure);
                }
                if (!run.Pass)
                {
                    var worst = run.Outputs.Where(o => !o.Pass).OrderByDescending(o => double.IsNaN(o.MaxAbsError) ? double.PositiveInfinity : o.MaxAbsError).First();
                    return Result(ConformanceStatus.Failed, where + "output '" + worst.Name + "' " + worst.Shape + ": " + worst.Description);
                }
                foreach (var o in run.Outputs)
                {
                    maxAbs = Math.Max(maxAbs, o.MaxAbsError);
                    maxRel = Math.Max(maxRel, o.MaxRelError);
                }
            }
            return Result(ConformanceStatus.Passed, "max abs err " + OutputComparer.G(maxAbs) + ", max rel err " + OutputComparer.G(maxRel));
        }

        /// <summary>Newlines and tabs folded to spaces (a TSV field), cut to <see cref="DetailLength"/> characters.</summary>
        internal static string OneLine(string text)
        {
            var folded = string.Join(" ", text.Split(new[] { '\r', '\n', '\t' }, StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).Where(l => l.Length > 0));
            return folded.Length <= DetailLength ? folded : folded.Substring(0, DetailLength - 3) + "...";
        }
    }
}
