using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops;
using Xunit;
using Xunit.Abstractions;

namespace ModelGen.Tests.Differential
{
    /// <summary>
    /// Which registered ops the differential cases reach: per op, the types compared with ONNX Runtime, the types skipped
    /// and why, and the worst error; then the ops that are never compared, each with its reason. Every op in OpRegistry
    /// has cases, or an entry in <see cref="NoCases"/> saying why it cannot have any.
    /// </summary>
    public sealed class DifferentialCoverage
    {
        /// <summary>Registered ops with no differential case, and why (an entry for an op that has cases fails the test).</summary>
        internal static readonly IReadOnlyDictionary<string, string> NoCases = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            // String ops: RandomTensors draws numbers only; the ONNX backend suite checks these (28 node tests, 6 simple).
            ["StringConcat"] = "string tensors: the seeded inputs are numeric; checked by the backend suite instead",
            ["RegexFullMatch"] = "string tensors: the seeded inputs are numeric; checked by the backend suite instead",
            ["StringNormalizer"] = "string tensors: the seeded inputs are numeric; checked by the backend suite instead",
            ["StringSplit"] = "string tensors: the seeded inputs are numeric; checked by the backend suite instead",
        };

        private readonly ITestOutputHelper _output;

        public DifferentialCoverage(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public void Every_registered_op_has_cases_or_a_reason()
        {
            var registered = OpRegistry.All.Where(op => op.Domain.Length == 0).Select(op => op.OpType).ToList();
            var cased = new HashSet<string>(DifferentialCases.All().Select(c => c.Op), StringComparer.Ordinal);
            var missing = registered.Where(op => !cased.Contains(op) && !NoCases.ContainsKey(op)).ToList();
            var stale = NoCases.Keys.Where(cased.Contains).ToList();
            Assert.True(missing.Count == 0, "ops in OpRegistry with no differential case and no reason in DifferentialCoverage.NoCases: " + string.Join(", ", missing));
            Assert.True(stale.Count == 0, "DifferentialCoverage.NoCases lists ops that now have cases: " + string.Join(", ", stale));
        }

        [Fact]
        public void Coverage_by_op()
        {
            var results = DifferentialRun.Instance.Results;
            var registered = OpRegistry.All.Where(op => op.Domain.Length == 0).Select(op => op.OpType).ToList();
            var byOp = results.GroupBy(r => r.Case.Op).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
            var compared = registered.Where(op => byOp.TryGetValue(op, out var rs) && rs.Any(Compared)).ToList();
            var text = new StringBuilder();
            text.AppendLine(registered.Count + " registered ops: " + compared.Count + " compared with ONNX Runtime 1.31.1, " + (registered.Count - compared.Count) + " not.");
            text.AppendLine();
            text.AppendLine("| op | family | types compared | cases | worst/tol | max abs err | types skipped (no ORT CPU kernel / ORT lacks the op) | types outside ONNX's constraints | known issues (cases, not in the errors) |");
            text.AppendLine("|---|---|---|---:|---:|---:|---|---|---|");
            foreach (var op in compared)
            {
                var rs = byOp[op];
                var cmp = rs.Where(Compared).ToList();
                var stats = new DiffStats();
                foreach (var r in cmp) if (r.Stats != null && r.Status != DiffStatus.KnownIssue) stats.Merge(r.Stats);
                var known = cmp.Where(r => r.Status == DiffStatus.KnownIssue).ToList();
                text.AppendLine("| " + op + " | " + string.Join(", ", rs.Select(r => r.Case.Family).Distinct()) + " | " + TypeList(cmp) + " | " + cmp.Count + " | " +
                                stats.WorstRatio.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + " | " +
                                (stats.MaxAbs == 0 ? "0" : stats.MaxAbs.ToString("0.0E+0", System.Globalization.CultureInfo.InvariantCulture)) + " | " +
                                TypeList(rs.Where(r => r.Status == DiffStatus.NoOrtKernel && !cmp.Any(c => c.Case.Type == r.Case.Type))) + " | " +
                                TypeList(rs.Where(r => r.Status == DiffStatus.OutsideOnnx)) + " | " +
                                (known.Count == 0 ? "" : known.Count + " (" + TypeList(known) + ")") + " |");
            }
            text.AppendLine();
            text.AppendLine("Not compared:");
            foreach (var op in registered.Where(op => !compared.Contains(op)))
                text.AppendLine("- " + op + ": " + (NoCases.TryGetValue(op, out string? why) ? why : Reason(byOp.TryGetValue(op, out var rs) ? rs : new List<DiffResult>())));
            _output.WriteLine(text.ToString());
        }

        private static bool Compared(DiffResult r) => r.Status == DiffStatus.Agreed || r.Status == DiffStatus.Disagreed || r.Status == DiffStatus.KnownIssue;

        /// <summary>Why no case of an op was compared, from what ONNX Runtime said (the first line of its message).</summary>
        private static string Reason(IReadOnlyList<DiffResult> results)
        {
            if (results.Count == 0) return "no cases";
            if (results.All(r => r.Status == DiffStatus.NoOrtKernel))
            {
                bool unregistered = results.Any(r => r.Message.Contains("No Op registered for", StringComparison.Ordinal));
                bool opset = results.Any(r => r.Message.Contains("is under development", StringComparison.Ordinal));
                return (opset ? "ORT 1.31 does not load models of the op's only opset (under development for it)" :
                        unregistered ? "ORT 1.31 lacks this op/revision (no schema registered)" : "ORT 1.31 has no CPU kernel for it") +
                       " in " + TypeList(results) + ": " + Shorten(results[0].Message);
            }
            return string.Join("; ", results.GroupBy(r => r.Status).Select(g => g.Key + " " + TypeList(g) + ": " + Shorten(g.First().Message)));
        }

        private static string Shorten(string message)
        {
            // ORT's opset refusal opens with the C++ function that raised it; its sentence is what says why.
            int sentence = message.IndexOf("ONNX Runtime only", StringComparison.Ordinal);
            if (sentence > 0) message = message.Substring(sentence);
            return message.Length <= 200 ? message : message.Substring(0, 200) + "…";
        }

        private static string TypeList(IEnumerable<DiffResult> results) =>
            string.Join(", ", results.Select(r => r.Case.Type).Distinct().OrderBy(t => Array.IndexOf(CaseSet.Candidates, t) is int i && i >= 0 ? i : 99).Select(ElementTypes.OnnxName));
    }
}
