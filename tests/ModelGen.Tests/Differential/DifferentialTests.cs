using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using ModelGen.Compiler.Ir;
using Xunit;
using Xunit.Abstractions;

namespace ModelGen.Tests.Differential
{
    /// <summary>
    /// ModelGen against ONNX Runtime 1.31 (CPU, in this process) on small models built here with seeded random inputs:
    /// every op family in OpRegistry that ORT implements, across the element types both implement. Floats agree within
    /// rtol 1e-3 / atol 1e-5 (float16: two half ulps, see <see cref="Tolerance.Half"/>); integers, bool and every Cast
    /// exactly. The coverage table lists, per family, the ops and types compared and the worst errors seen.
    /// </summary>
    public sealed class DifferentialTests
    {
        private readonly ITestOutputHelper _output;

        public DifferentialTests(ITestOutputHelper output)
        {
            _output = output;
        }

        public static IEnumerable<object[]> Families() =>
            DifferentialCases.All().Select(c => c.Family).Distinct().Select(f => new object[] { f });

        [Theory]
        [MemberData(nameof(Families))]
        public void Family_agrees_with_OnnxRuntime(string family)
        {
            var results = DifferentialRun.Instance.Results.Where(r => r.Case.Family == family).ToList();
            _output.WriteLine(OpTable(results));
            var bad = results.Where(r => r.Status == DiffStatus.Disagreed || r.Status == DiffStatus.Broken || r.Status == DiffStatus.Rejected).ToList();
            Assert.True(bad.Count == 0, bad.Count + " of " + results.Count + " cases:" + Environment.NewLine + string.Join(Environment.NewLine, bad));
            Assert.True(results.Any(r => r.Status == DiffStatus.Agreed), family + ": no case was compared (ONNX Runtime ran none of them).");
            var stale = DifferentialKnownIssues.Table
                .Where(k => results.Any(r => k.Matches(r.Case)) && !results.Any(r => k.Matches(r.Case) && r.Status == DiffStatus.KnownIssue)).ToList();
            Assert.True(stale.Count == 0, "DifferentialKnownIssues lists " + string.Join(", ", stale) +
                                          ", but every such case now agrees with ONNX Runtime: remove the entry.");
        }

        [Fact]
        public void Coverage_table()
        {
            var run = DifferentialRun.Instance;
            var results = run.Results;
            var text = new StringBuilder();
            text.AppendLine("ModelGen vs ONNX Runtime 1.31.1 (CPU, 1 thread, graph optimisations off): " + results.Count + " cases, " +
                            results.Count(r => r.Status == DiffStatus.Agreed) + " agree, " + results.Count(r => r.Status == DiffStatus.NoOrtKernel) + " skipped (no ORT CPU kernel), " +
                            results.Count(r => r.Status == DiffStatus.Disagreed) + " disagree, " + results.Count(r => r.Status == DiffStatus.KnownIssue) + " known issues (ORT deviations or reported ModelGen bugs, see DifferentialKnownIssues), " + results.Count(r => r.Status == DiffStatus.Rejected) + " rejected by ModelGen, " +
                            results.Count(r => r.Status == DiffStatus.Broken) + " broken, " + results.Count(r => r.Status == DiffStatus.OutsideOnnx) +
                            " outside ONNX's type constraints (ORT refuses them); compile "+ Seconds(run.CompileTime) + ", runs " + Seconds(run.RunTime) + ".");
            text.AppendLine("Tolerance |a-e| <= atol + rtol*|e|: float/double rtol 1e-3 atol 1e-5; float16 rtol 2e-3 atol 1e-4 (Sum, Mean, BatchNormalization, Col2Im: atol 2e-2, " +
                            "ulps of the intermediates); integers, bool and Cast exact. " +
                            "max rel err counts elements with |e| >= " + DiffComparer.RelFloor.ToString(CultureInfo.InvariantCulture) + "; worst/tol is the largest |a-e|/(atol+rtol|e|).");
            text.AppendLine("float16* : " + string.Join(", ", CaseSet.AccumulatingOps) + " in float16 are judged against ORT's float result on the same values rounded to half " +
                            "(partial sums in float, as numpy keeps them); 'ORT f16 vs that' is how far ORT's own float16 kernel lands from it.");
            text.AppendLine();
            text.AppendLine("| family | ops | types compared | cases | elements | max abs err | max rel err | worst/tol | no ORT CPU kernel (skipped) | outside ONNX's types (skipped) | ORT f16 vs that | known issues (not in the errors) |");
            text.AppendLine("|---|---|---|---:|---:|---:|---:|---:|---|---|---:|---|");
            foreach (var g in results.GroupBy(r => r.Case.Family))
            {
                var compared = g.Where(r => r.Status == DiffStatus.Agreed || r.Status == DiffStatus.Disagreed).ToList();
                var stats = Merge(compared);
                text.AppendLine("| " + g.Key + " | " + string.Join(", ", g.Select(r => r.Case.Op).Distinct()) + " | " + Types(compared) + " | " + compared.Count + " | " +
                                stats.Elements + " | " + E(stats.MaxAbs) + " | " + E(stats.MaxRel) + " | " + F(stats.WorstRatio) + " | " + Skipped(g, DiffStatus.NoOrtKernel) + " | " +
                                Skipped(g, DiffStatus.OutsideOnnx) + " | " + OrtHalf(g) + " | " + Known(g) + " |");
            }
            var other = results.Where(r => r.Status != DiffStatus.Agreed && r.Status != DiffStatus.NoOrtKernel).ToList();
            if (other.Count > 0)
            {
                text.AppendLine();
                foreach (var r in other) text.AppendLine(r.ToString());
            }
            _output.WriteLine(text.ToString());
            Assert.True(results.Count(r => r.Status == DiffStatus.Agreed) >= 300, "expected at least 300 compared cases, got " + results.Count(r => r.Status == DiffStatus.Agreed));
        }

        /// <summary>One family's rows, op by op.</summary>
        private static string OpTable(IReadOnlyList<DiffResult> results)
        {
            var text = new StringBuilder();
            text.AppendLine("| op | types compared | cases | max abs err | max rel err | worst/tol | no ORT CPU kernel | outside ONNX's types | ORT f16 vs float ref | known issues |");
            text.AppendLine("|---|---|---:|---:|---:|---:|---|---|---:|---|");
            foreach (var g in results.GroupBy(r => r.Case.Op))
            {
                var compared = g.Where(r => r.Status == DiffStatus.Agreed || r.Status == DiffStatus.Disagreed).ToList();
                var s = Merge(compared);
                text.AppendLine("| " + g.Key + " | " + Types(compared) + " | " + compared.Count + " | " + E(s.MaxAbs) + " | " + E(s.MaxRel) + " | " + F(s.WorstRatio) + " | " +
                                Skipped(g, DiffStatus.NoOrtKernel) + " | " + Skipped(g, DiffStatus.OutsideOnnx) + " | " + OrtHalf(g) + " | " + Known(g) + " |");
            }
            foreach (var r in results.Where(r => r.Status != DiffStatus.Agreed)) text.AppendLine(r.ToString());
            return text.ToString();
        }

        private static DiffStats Merge(IEnumerable<DiffResult> results)
        {
            var total = new DiffStats();
            foreach (var r in results) if (r.Stats != null) total.Merge(r.Stats);
            return total;
        }

        private static string Types(IEnumerable<DiffResult> results) =>
            string.Join(", ", results.Select(r => (r.Case.Type, Star: r.Case.ReferenceModel != null)).Distinct()
                .OrderBy(t => Array.IndexOf(CaseSet.Candidates, t.Type) is int i && i >= 0 ? i : 99).Select(t => ElementTypes.OnnxName(t.Type) + (t.Star ? "*" : "")));

        /// <summary>The largest max abs error of ORT's float16 kernels against the rounded float reference, where measured.</summary>
        private static string OrtHalf(IEnumerable<DiffResult> results)
        {
            var measured = results.Where(r => r.OrtHalf != null).ToList();
            return measured.Count == 0 ? "" : E(measured.Max(r => r.OrtHalf!.MaxAbs));
        }

        /// <summary>"MatMul float16: 5 of 6 cases, max abs err 2.0E-2".</summary>
        private static string Known(IEnumerable<DiffResult> results) =>
            string.Join("; ", results.GroupBy(r => (r.Case.Op, r.Case.Type)).Where(g => g.Any(r => r.Status == DiffStatus.KnownIssue))
                .Select(g => g.Key.Op + " " + ElementTypes.OnnxName(g.Key.Type) + ": " + g.Count(r => r.Status == DiffStatus.KnownIssue) + " of " + g.Count() +
                             " cases, max abs err " + E(g.Where(r => r.Status == DiffStatus.KnownIssue).Max(r => r.Stats?.MaxAbs ?? 0))));

        private static string Skipped(IEnumerable<DiffResult> results, DiffStatus status)
        {
            var skipped = results.Where(r => r.Status == status).GroupBy(r => r.Case.Op)
                .Select(g => g.Key + " " + string.Join("/", g.Select(r => ElementTypes.OnnxName(r.Case.Type)).Distinct())).ToList();
            return skipped.Count == 0 ? "" : string.Join("; ", skipped);
        }

        private static string E(double v) => v == 0 ? "0" : v.ToString("0.0E+0", CultureInfo.InvariantCulture);

        private static string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);

        private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";
    }
}
