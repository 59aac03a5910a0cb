using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using ModelGen.Compiler;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace ModelGen.Tests.Conformance
{
    /// <summary>
    /// ONNX backend node tests (and simple/, pytorch-converted/, pytorch-operator/) whose ops are all supported: compiled
    /// in one batch, run on test_data_set_0 and compared like ONNX's runner (rtol 1e-3, atol 1e-7, exact type and shape).
    /// One theory case per test; excluded tests (see <see cref="ConformanceExclusions"/>) pass only while they still fail
    /// to compile with MG diagnostics.
    /// </summary>
    public sealed class ConformanceTests
    {
        private readonly ITestOutputHelper _output;

        public ConformanceTests(ITestOutputHelper output)
        {
            _output = output;
        }

        private const string NoTests = "(no backend tests found)";

        /// <summary>Test ids ("node/test_add"); one placeholder row when there are none (when ../shared is absent the theory is skipped).</summary>
        public static IEnumerable<object[]> SelectedTests()
        {
            var selected = BackendManifest.Selected;
            if (selected.Count == 0) return new[] { new object[] { NoTests } };
            return selected.Select(c => new object[] { c.Id });
        }

        [SharedDataTheory]
        [MemberData(nameof(SelectedTests))]
        public void Backend_test_matches_expected_outputs(string test)
        {
            Assert.False(test == NoTests, "../shared is present but no supported backend test was found in " + TestPaths.BackendTests + " (MANIFEST.tsv, MANIFEST-other-suites.tsv).");
            var outcome = ConformanceSuite.Instance.Run(test);
            _output.WriteLine(outcome.Status + ": " + outcome.Report);
            if (outcome.IsFailure) Assert.Fail(outcome.Status + ": " + outcome.Report);
        }

        [SharedDataFact]
        public void Summary_of_the_conformance_run()
        {
            var suite = ConformanceSuite.Instance;
            var clock = Stopwatch.StartNew();
            var outcomes = suite.Cases.Select(c => suite.Run(c.Id)).ToList();
            clock.Stop();
            var byStatus = outcomes.GroupBy(o => o.Status).ToDictionary(g => g.Key, g => g.Count());
            int Count(CaseStatus s) => byStatus.TryGetValue(s, out int n) ? n : 0;
            int compiled = outcomes.Count(o => o.Status == CaseStatus.Passed || o.Status == CaseStatus.Mismatch || o.Status == CaseStatus.RunFailed);

            var text = new StringBuilder();
            text.AppendLine("Supported ops (OpRegistry): " + string.Join(", ", BackendManifest.SupportedOpTypes.OrderBy(s => s, StringComparer.Ordinal)));
            text.AppendLine("Selected: " + outcomes.Count + " (" + string.Join(", ", outcomes.GroupBy(o => o.Test.Suite).Select(g => g.Key + " " + g.Count())) + ")");
            text.AppendLine("Compiled (ONNX → C# → assembly): " + compiled);
            text.AppendLine("Passed numerically: " + Count(CaseStatus.Passed));
            text.AppendLine("Excluded: " + Count(CaseStatus.Excluded));
            foreach (var g in outcomes.Where(o => o.Status == CaseStatus.Excluded)
                         .GroupBy(o => ConformanceExclusions.Category(ConformanceExclusions.ReasonFor(o.Test.Id)!)).OrderByDescending(g => g.Count()))
                text.AppendLine("  " + g.Count() + " × " + g.Key);
            text.AppendLine("Failed: " + outcomes.Count(o => o.IsFailure));
            foreach (var s in new[] { CaseStatus.CompileProblems, CaseStatus.CompilerCrash, CaseStatus.CSharpErrors, CaseStatus.RunFailed, CaseStatus.Mismatch, CaseStatus.StaleExclusion })
            {
                var failing = outcomes.Where(o => o.Status == s).ToList();
                if (failing.Count == 0) continue;
                text.AppendLine("  " + failing.Count + " × " + s + ": " + string.Join(", ", failing.Select(o => o.Test.Id)));
            }
            text.AppendLine("Time: ONNX→C# " + Ms(suite.ModelCompileTime) + ", Roslyn " + Ms(suite.RoslynTime) + " (rounds: " + string.Join(" + ", suite.RoslynRounds.Select(Ms)) +
                            "), runs " + Ms(clock.Elapsed) + " (0 when the theory ran first)");
            var stale = ConformanceExclusions.Table.Keys.Concat(ConformanceExclusions.RunRejections.Keys).Where(k => !suite.Cases.Any(c => c.Id == k)).ToList();
            if (stale.Count > 0) text.AppendLine("Exclusions naming no selected test: " + string.Join(", ", stale));
            _output.WriteLine(text.ToString());

            // The theory fails each broken case with its details; the summary insists only on what no case may ever do.
            Assert.True(Count(CaseStatus.CompilerCrash) == 0, "compiler crashes:" + Environment.NewLine +
                string.Join(Environment.NewLine, outcomes.Where(o => o.Status == CaseStatus.CompilerCrash).Select(o => o.Report)));
            Assert.Empty(stale);
        }

        /// <summary>
        /// Every backend model, supported or not (1802 node tests plus the other suites), through ModelCompiler.Compile:
        /// it must never throw, and each result is either a success or a failure that says why with MG errors.
        /// MG0901 (an exception caught at the compiler's boundary) counts as a crash too.
        /// </summary>
        [SharedDataFact]
        public void Compiler_never_crashes_on_any_backend_model()
        {
            var all = BackendManifest.All;
            Assert.True(all.Count(c => c.Suite == "node") >= 1800, "expected the 1802 node tests in MANIFEST.tsv, found " + all.Count(c => c.Suite == "node"));
            var escaped = new ConcurrentBag<string>();
            var internalErrors = new ConcurrentBag<string>();
            var silent = new ConcurrentBag<string>();
            var succeeded = new ConcurrentBag<string>();
            var firstError = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
            var clock = Stopwatch.StartNew();
            Parallel.ForEach(all, c =>
            {
                CompileResult result;
                try
                {
                    result = ModelCompiler.Compile(File.ReadAllBytes(c.ModelPath), new CompileOptions("Model", "Sweep", c.ModelPath, "ModelGen.model.onnx", new Dictionary<string, long>()));
                }
                catch (Exception e)
                {
                    escaped.Add(c.Id + ": " + e);
                    return;
                }
                if (result.Success) { succeeded.Add(c.Id); return; }
                var errors = result.Problems.Where(p => p.Severity == ProblemSeverity.Error).ToList();
                if (errors.Count == 0 || errors.Any(p => !p.Id.StartsWith("MG", StringComparison.Ordinal))) silent.Add(c.Id + ": failed without MG errors: " + string.Join("; ", result.Problems));
                foreach (var p in errors.Where(p => p.Id == DiagnosticIds.InternalError.Id)) internalErrors.Add(c.Id + ": " + p.Message);
                firstError.AddOrUpdate(errors.Count > 0 ? errors[0].Id : "(none)", 1, (_, n) => n + 1);
            });
            clock.Stop();
            _output.WriteLine("Compiled " + all.Count + " backend models (" + string.Join(", ", all.GroupBy(c => c.Suite).Select(g => g.Key + " " + g.Count())) + ") in " + Ms(clock.Elapsed) +
                              ": " + succeeded.Count + " succeed, " + (all.Count - succeeded.Count) + " fail with MG errors; first error by id: " +
                              string.Join(", ", firstError.OrderByDescending(p => p.Value).Select(p => p.Key + " " + p.Value)));
            foreach (var line in internalErrors.OrderBy(s => s, StringComparer.Ordinal)) _output.WriteLine("  internal error: " + line);
            Assert.True(escaped.IsEmpty, "exceptions escaped ModelCompiler.Compile:" + Environment.NewLine + string.Join(Environment.NewLine, escaped));
            Assert.True(silent.IsEmpty, "failures without MG errors:" + Environment.NewLine + string.Join(Environment.NewLine, silent));
            Assert.True(internalErrors.IsEmpty, internalErrors.Count + " internal compiler errors (MG0901):" + Environment.NewLine +
                                                string.Join(Environment.NewLine, internalErrors.OrderBy(s => s, StringComparer.Ordinal)));
        }

        private static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString("F0", System.Globalization.CultureInfo.InvariantCulture) + " ms";
    }
}
