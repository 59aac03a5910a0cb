using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Import
{
    /// <summary>
    /// Legality before inference, for every node of every scope: an implementation for its domain and op type,
    /// the op revision in effect as ONNX defines it (the newest since-version of the op at or below the
    /// model's imported opset for that domain), that revision implemented, and only attributes the revision
    /// has, with the right types. All problems are reported at once.
    /// </summary>
    internal static class OpResolution
    {
        public static void Check(Graph g, ProblemBag problems)
        {
            foreach (var n in g.AllNodes()) ResolveNode(n, problems);
        }

        /// <summary>Resolves one node (a pass creating nodes calls this); false after reporting.</summary>
        public static bool Resolve(Node n, ProblemBag problems)
        {
            int before = problems.Items.Count;
            ResolveNode(n, problems);
            return problems.Items.Count == before;
        }

        private static void ResolveNode(Node n, ProblemBag problems)
        {
            string domain = n.Domain.Length == 0 ? "ai.onnx" : n.Domain;
            var op = OpRegistry.Find(n.Domain, n.OpType);
            if (op == null)
            {
                string known = OnnxOpsets.Covers(n.Domain) && OnnxOpsets.SinceVersions(n.Domain, n.OpType) == null ? " ONNX has no such operator." : "";
                problems.Add(DiagnosticIds.UnsupportedOp, n.Describe() + ": operator '" + n.OpType + "' (domain " + domain + ", opset " + n.OpsetVersion + ") is not supported." + known, n.Name, n.OpType);
                return;
            }
            if (OnnxOpsets.Covers(n.Domain) && n.Domain.Length == 0 && n.OpsetVersion > OnnxOpsets.Newest)
            {
                problems.Add(DiagnosticIds.UnsupportedOpset, n.Describe() + ": the model imports opset " + n.OpsetVersion + " of ai.onnx, newer than the newest ModelGen knows (" +
                    OnnxOpsets.Newest + "); " + n.OpType + " may have a revision there that ModelGen does not implement.", n.Name, n.OpType);
                return;
            }
            var implemented = op.Schema.Revisions;
            var since = OnnxOpsets.Covers(n.Domain) ? OnnxOpsets.SinceVersions(n.Domain, n.OpType) ?? implemented : implemented;
            var inEffect = since.Where(v => v <= n.OpsetVersion).DefaultIfEmpty(0).Max();
            if (inEffect == 0)
            {
                problems.Add(DiagnosticIds.UnsupportedOpset, n.Describe() + ": " + n.OpType + " does not exist at opset " + n.OpsetVersion + " of " + domain + "; its first revision is " + n.OpType + "-" + since[0] + ".", n.Name, n.OpType);
                return;
            }
            if (!implemented.Contains(inEffect))
            {
                problems.Add(DiagnosticIds.UnsupportedOpset, n.Describe() + ": opset " + n.OpsetVersion + " uses " + n.OpType + "-" + inEffect + ", which ModelGen does not implement; it implements " +
                    string.Join(", ", implemented.Select(r => n.OpType + "-" + r)) + ".", n.Name, n.OpType);
                return;
            }
            n.Op = op;
            n.Revision = inEffect;
            CheckAttributes(n, op.Schema, inEffect, problems);
        }

        private static void CheckAttributes(Node n, OpSchema schema, int revision, ProblemBag problems)
        {
            foreach (var a in n.Attributes.Values.OrderBy(a => a.Name, System.StringComparer.Ordinal))
            {
                var spec = schema.FindAttribute(a.Name, revision);
                string? problem =
                    spec == null ? "attribute '" + a.Name + "' is not supported by " + n.OpType + "." :
                    !spec.AppliesTo(revision) ? "attribute '" + a.Name + "' is not part of " + n.OpType + "-" + revision + " (it belongs to revisions " + Range(spec) + ")." :
                    spec.Kind != a.Kind ? "attribute '" + a.Name + "' should be " + Kind(spec.Kind) + " but is " + Kind(a.Kind) + "." :
                    null;
                if (problem != null) problems.Add(DiagnosticIds.UnsupportedAttribute, n.Describe() + ": " + problem, n.Name, n.OpType);
            }
            foreach (var spec in schema.Attributes.Where(s => s.IsRequired && s.AppliesTo(revision) && !n.Attributes.ContainsKey(s.Name)))
                problems.Add(DiagnosticIds.UnsupportedAttribute, n.Describe() + ": the required attribute '" + spec.Name + "' is missing.", n.Name, n.OpType);
            // Present by name but empty: a GRAPH attribute without its graph read as null, and If.Infer dereferenced it (found by fuzzing).
            foreach (var spec in schema.Attributes.Where(s => s.IsRequired && s.AppliesTo(revision)))
                if (n.Attributes.TryGetValue(spec.Name, out var a) && a.Kind == spec.Kind && HoldsNoValue(a))
                    problems.Add(DiagnosticIds.UnsupportedAttribute, n.Describe() + ": the required attribute '" + spec.Name + "' holds no " + Kind(a.Kind) + ".", n.Name, n.OpType);
        }

        private static bool HoldsNoValue(NodeAttribute a) =>
            (a.Kind == AttributeKind.Graph && a.Graph == null) || (a.Kind == AttributeKind.Tensor && a.Tensor == null && a.TensorLocation == null);

        private static string Range(AttributeSpec s) => s.UpTo == int.MaxValue ? s.From + " and later" : s.From + " to " + s.UpTo;

        private static string Kind(AttributeKind k) => k.ToString().ToUpperInvariant();
    }
}
