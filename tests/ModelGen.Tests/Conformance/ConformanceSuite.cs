using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using ModelGen.Cli.Conformance;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Runtime;

namespace ModelGen.Tests.Conformance
{
    /// <summary>What became of one selected backend test.</summary>
    internal enum CaseStatus
    {
        /// <summary>Compiled, ran, every output matched.</summary>
        Passed,
        /// <summary>ModelCompiler reported MG errors and the test is in <see cref="ConformanceExclusions"/>: not a failure.</summary>
        Excluded,
        /// <summary>MG errors, and the test is not excluded.</summary>
        CompileProblems,
        /// <summary>MG0901, or an exception out of ModelCompiler.Compile: a compiler bug.</summary>
        CompilerCrash,
        /// <summary>The generated C# does not compile: a compiler (emitter) bug.</summary>
        CSharpErrors,
        /// <summary>Loading the weights failed, the run threw or hung, or the data did not fit.</summary>
        RunFailed,
        /// <summary>Ran, but an output's type, shape or values are wrong.</summary>
        Mismatch,
        /// <summary>Excluded, yet it now compiles: the exclusion is stale and must be removed.</summary>
        StaleExclusion,
    }

    internal sealed class CaseOutcome
    {
        public CaseOutcome(BackendCase test, CaseStatus status, string report)
        {
            Test = test;
            Status = status;
            Report = report;
        }

        public BackendCase Test { get; }
        public CaseStatus Status { get; }
        public string Report { get; }
        public bool IsFailure => Status != CaseStatus.Passed && Status != CaseStatus.Excluded;
    }

    /// <summary>
    /// The selected backend tests, compiled once per test run by the CLI's <see cref="ModelBatch"/> (each model into its
    /// own namespace Conformance.T{index}, class Model; a few hundred models per Release assembly), then each test run
    /// on demand and memoised (the theory and the summary share the results).
    /// </summary>
    internal sealed class ConformanceSuite
    {
        public const double RTol = 1e-3;
        public const double ATol = 1e-7;
        private static readonly TimeSpan s_runTimeout = TimeSpan.FromSeconds(60);

        private static readonly Lazy<ConformanceSuite> s_instance = new Lazy<ConformanceSuite>(() => new ConformanceSuite(BackendManifest.Selected));

        public static ConformanceSuite Instance => s_instance.Value;

        private readonly IReadOnlyList<BackendCase> _cases;
        private readonly Dictionary<string, int> _index;
        private readonly ModelBatchResult _batch;
        private readonly ConcurrentDictionary<string, Lazy<CaseOutcome>> _outcomes = new ConcurrentDictionary<string, Lazy<CaseOutcome>>(StringComparer.Ordinal);

        private ConformanceSuite(IReadOnlyList<BackendCase> cases)
        {
            _cases = cases;
            _index = cases.Select((c, i) => (c.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
            _batch = ModelBatch.Compile(cases.Select(c => c.ModelPath).ToList(), new ModelBatchSettings { NamespacePrefix = "Conformance" });
        }

        public IReadOnlyList<BackendCase> Cases => _cases;

        /// <summary>ONNX → C# for all selected models.</summary>
        public TimeSpan ModelCompileTime => _batch.OnnxTime;

        /// <summary>C# → assemblies (all Roslyn compilations, overlapping).</summary>
        public TimeSpan RoslynTime => _batch.RoslynWall;

        public IReadOnlyList<TimeSpan> RoslynRounds => _batch.RoslynRounds;

        public CaseOutcome Run(string id) => _outcomes.GetOrAdd(id, k => new Lazy<CaseOutcome>(() => Execute(k))).Value;

        private CaseOutcome Execute(string id)
        {
            if (!_index.TryGetValue(id, out int i)) throw new ArgumentException("'" + id + "' is not a selected conformance test.", nameof(id));
            var test = _cases[i];
            var batched = _batch.Models[i];
            ConformanceExclusions.Table.TryGetValue(id, out string? exclusion);
            string head = id + " (ops " + string.Join(",", test.OpTypes) + "; " + test.Opsets + ")" + Environment.NewLine;

            if (batched.CompileCrash != null) return new CaseOutcome(test, CaseStatus.CompilerCrash, head + batched.CompileCrash);
            var compiled = batched.Compiled!;
            string problems = string.Join(Environment.NewLine, compiled.Problems.Select(p => "  " + p + (p.NodeName != null ? " [node '" + p.NodeName + "' " + p.OpType + "]" : "")));
            if (compiled.Problems.Any(p => p.Id == DiagnosticIds.InternalError.Id))
                return new CaseOutcome(test, CaseStatus.CompilerCrash, head + "internal compiler error:" + Environment.NewLine + problems);
            if (!compiled.Success)
            {
                if (exclusion != null)
                {
                    var excused = ConformanceExclusions.ExcusedIds(exclusion);
                    var errorIds = compiled.Problems.Where(p => p.Severity == ProblemSeverity.Error).Select(p => p.Id).Distinct().ToList();
                    if (errorIds.Any(excused.Contains))
                        return new CaseOutcome(test, CaseStatus.Excluded, head + "excluded: " + exclusion + Environment.NewLine + "compiler says:" + Environment.NewLine + problems);
                    return new CaseOutcome(test, CaseStatus.CompileProblems,
                        head + "excluded for " + string.Join("/", excused) + " (\"" + exclusion + "\"), but it now fails with " + string.Join(", ", errorIds) +
                        ": fix the compiler or update the reason in ConformanceExclusions.Table:" + Environment.NewLine + problems);
                }
                return new CaseOutcome(test, CaseStatus.CompileProblems,
                    head + "does not compile, and is not in ConformanceExclusions.Table (add it there with a reason if this is an accepted limitation):" +
                    Environment.NewLine + (problems.Length > 0 ? problems : "  (no problems reported, yet no sources)"));
            }
            if (exclusion != null)
                return new CaseOutcome(test, CaseStatus.StaleExclusion,
                    head + "listed in ConformanceExclusions.Table (\"" + exclusion + "\") but it now compiles: remove the exclusion so the test is checked numerically.");
            if (batched.CSharpErrors != null)
                return new CaseOutcome(test, CaseStatus.CSharpErrors, head + "the generated C# does not compile (a ModelGen emitter bug):" + Environment.NewLine + batched.CSharpErrors);

            ICompiledModel model;
            try
            {
                model = batched.Load();
            }
            catch (Exception e)
            {
                return new CaseOutcome(test, CaseStatus.RunFailed, head + "loading failed: " + e.Message);
            }
            var result = TestDataRunner.Run(model, test.DataDir, RTol, ATol, s_runTimeout);
            var status = result.Pass ? CaseStatus.Passed : result.Failure != null ? CaseStatus.RunFailed : CaseStatus.Mismatch;
            if (ConformanceExclusions.RunRejections.TryGetValue(id, out var rejection))
            {
                if (status == CaseStatus.RunFailed && result.Failure!.Contains(rejection.Rejection))
                    return new CaseOutcome(test, CaseStatus.Excluded, head + "excluded: " + rejection.Reason + Environment.NewLine + result.Report);
                return new CaseOutcome(test, status == CaseStatus.Passed ? CaseStatus.StaleExclusion : status,
                    head + "listed in ConformanceExclusions.RunRejections (\"" + rejection.Reason + "\") but the run " +
                    (status == CaseStatus.Passed ? "now passes: remove the entry." : "fails otherwise:" + Environment.NewLine + result.Report));
            }
            return new CaseOutcome(test, status, head + (problems.Length > 0 ? "compiler notes:" + Environment.NewLine + problems + Environment.NewLine : "") + result.Report);
        }
    }
}
