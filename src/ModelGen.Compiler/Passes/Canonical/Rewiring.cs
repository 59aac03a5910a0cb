using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Shapes;

namespace ModelGen.Compiler.Passes.Canonical
{
    /// <summary>
    /// What the canonicalisation passes share: replacing one value by an equal one. Readers are re-inferred after
    /// they are re-pointed, because plans hold input values (a Reshape's run-time shape, a Slice's starts). A value a
    /// scope returns (a graph output, a body output) keeps its name: it is never replaced, only given a new producer.
    /// </summary>
    internal static class Rewiring
    {
        /// <summary>Every value some scope of <paramref name="g"/> returns: graph outputs and body outputs (captured outer values included).</summary>
        public static HashSet<Value> Returned(Graph g) => new HashSet<Value>(g.Scopes().SelectMany(s => s.Outputs));

        /// <summary>
        /// True when <paramref name="a"/> can stand for <paramref name="b"/> to every reader: tensors of one type and one
        /// shape, both known at build time or neither (so re-inferring a reader gives it the same plan and output shapes).
        /// </summary>
        public static bool Interchangeable(Value a, Value b) =>
            a.Type == b.Type && a.Shape != null && a.Shape.Equals(b.Shape) && a.Sequence == null && b.Sequence == null && a.IsConstant == b.IsConstant;

        /// <summary>Makes every reader of <paramref name="from"/> (not a returned value) read <paramref name="to"/>, and re-infers those readers.</summary>
        public static void Redirect(Graph scope, Value from, Value to, ProblemBag problems)
        {
            var readers = from.Consumers.ToList();
            scope.ReplaceAllUses(from, to);
            Reinfer(readers, problems);
        }

        /// <summary>
        /// Removes <paramref name="node"/>, whose output <paramref name="y"/> equals its input <paramref name="x"/>:
        /// // y = Op(x, ...) with y ≡ x -> readers of y read x
        /// Its other outputs must be unread. When y is returned (its name must survive), x's producer writes y instead,
        /// if x is computed in this scope, read only by the node and not returned itself; otherwise the node stays.
        /// False (the graph unchanged) when it stays.
        /// </summary>
        public static bool Bypass(Graph scope, Node node, Value y, Value x, HashSet<Value> returned, ProblemBag problems)
        {
            if (!Interchangeable(y, x) || x == y) return false;
            if (node.Outputs.Any(o => o != null && o != y && (o.Consumers.Count > 0 || o.IsGraphOutput || returned.Contains(o)))) return false;
            if (!returned.Contains(y))
            {
                Redirect(scope, y, x, problems);
                scope.Erase(node);
                return true;
            }
            var producer = x.Producer;
            if (producer == null || x.Kind != ValueKind.Computed || producer.Scope != scope || x.Scope != scope || producer.Subgraphs.Any()) return false;
            if (x.Consumers.Count != 1 || x.Consumers[0] != node || returned.Contains(x) || x.IsGraphOutput) return false;
            // y = Op(x), x = P(...) -> y = P(...): P writes y, which keeps its name and its readers.
            int k = producer.Outputs.IndexOf(x);
            if (k < 0) return false;
            producer.Outputs[k] = y;
            y.Producer = producer;
            x.Producer = null;
            scope.Erase(node);
            scope.RemoveValue(x);
            Reinfer(new[] { producer }, problems);
            return true;
        }

        /// <summary>Infers nodes again after their inputs or outputs were re-pointed at equal values (plans hold values).</summary>
        public static void Reinfer(IEnumerable<Node> nodes, ProblemBag problems)
        {
            foreach (var n in nodes.Distinct())
                if (n.Plan != null && !ShapeInference.InferNode(n, problems))
                    problems.Add(DiagnosticIds.InternalError, "Internal error: " + n.Describe() + " no longer infers after a canonicalisation rewrite.", n.Name, n.OpType);
        }

        /// <summary>True when every element of <paramref name="v"/> is known at build time and equals <paramref name="value"/> (0 counts -0.0).</summary>
        public static bool IsAll(Value? v, double value)
        {
            if (v == null) return false;
            if (v.Data != null)
            {
                if (v.Data.ElementCount < 1) return false;
                if (ElementTypes.IsFloatingPoint(v.Data.Type)) return v.Data.AsDouble().All(e => e == value);
                if (ElementTypes.IsInteger(v.Data.Type) || ElementTypes.IsNarrowInteger(v.Data.Type) || v.Data.Type == ElementType.Bool) return v.Data.AsInt64().All(e => e == value);
                return false;
            }
            if (v.Symbolic != null)
                return v.Symbolic.Elements.Count > 0 && v.Symbolic.Elements.All(e => e.IsStatic && e.Value == value);
            return false;
        }
    }
}
