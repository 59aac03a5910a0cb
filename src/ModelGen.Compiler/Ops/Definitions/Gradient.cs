using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ai.onnx.preview.training Gradient: ∂y/∂x for each x in 'xs', where y (named by the 'y' attribute) is computed
    /// from 'xs' and 'zs' by the nodes before this one. Differentiated at build time, reverse mode: starting from
    /// ∂y/∂y = 1 (every element), each node between the xs and y adds its inputs' adjoints as new tensor nodes
    /// (Add: g, g; Sub: g, −g; Mul: g·b, g·a; Div: g/b, −g·a/b²; Neg: −g; Identity: g), and an x y does not depend
    /// on gets zeros. Only those ops, on operands of equal static shapes, are differentiated; anything else is
    /// reported. Spec: https://onnx.ai/onnx/operators/onnx_aionnxpreviewtraining_Gradient.html
    /// </summary>
    internal sealed class Gradient : RewriteOp
    {
        private static readonly Attr<string[]?> Xs = Attr.Strings("xs").Required();
        private static readonly Attr<string[]?> Zs = Attr.Strings("zs");
        private static readonly Attr<string> Y = Attr.String("y", "").Required();

        public override OpSchema Schema { get; } = new OpSchema("Gradient", new[] { 1 }, "ai.onnx.preview.training")
            .Input("Inputs", "T1", variadic: true).Output("Outputs", "T2", variadic: true)
            .Types("T1", TypeSets.Any).Types("T2", TypeSets.Float).WithAttributes(Xs, Zs, Y);

        public override string SpecUrl => "https://onnx.ai/onnx/operators/onnx_aionnxpreviewtraining_Gradient.html";

        public override string Summary =>
            "∂y/∂xs, differentiated at build time into tensor nodes (through Add, Sub, Mul, Div, Neg and Identity on equal static shapes).";

        private static readonly HashSet<string> Differentiable = new HashSet<string> { "Add", "Sub", "Mul", "Div", "Neg", "Identity" };

        internal override bool Rewrite(OpRewrite r)
        {
            var c = r.Context;
            string[] xs = c.Get(Xs) ?? new string[0];
            var scope = r.Node.Scope!;
            var y = scope.Lookup(c.Get(Y));
            if (y == null) return c.Fail(DiagnosticIds.InvalidGraph, "'y' names '" + c.Get(Y) + "', which the graph does not define.");
            if (y.Shape == null) return c.Fail(DiagnosticIds.InvalidGraph, "'y' ('" + y.Name + "') is not computed before this node; Gradient must follow y's producer.");
            var targets = new List<Value>();
            foreach (string name in xs)
            {
                var x = scope.Lookup(name);
                if (x == null || x.Shape == null) return c.Fail(DiagnosticIds.InvalidGraph, "'xs' names '" + name + "', which is not a value computed before this node.");
                targets.Add(x);
            }
            // Output i is ∂y/∂xs[i]: an output past the end of 'xs' would never be computed (found by fuzzing: an 'xs'
            // entry deleted from test_gradient_of_add reached the internal-error boundary).
            if (r.Node.Outputs.Count > xs.Length)
                return c.Fail(DiagnosticIds.InvalidGraph, "has " + r.Node.Outputs.Count + " outputs but 'xs' names " + xs.Length + " values; each output is the gradient of one x.");
            if (!ElementTypes.IsFloatingPoint(y.Type)) return c.Fail(DiagnosticIds.UnsupportedElementType, "'y' has element type " + ElementTypes.OnnxName(y.Type) + "; only floating-point values are differentiated.");

            // The nodes on a path from some x to y, in graph order: only they pass adjoints back.
            var dependsOnX = new HashSet<Value>(targets);
            var path = new List<Node>();
            foreach (var n in scope.Nodes)
            {
                if (n == r.Node) break;
                if (!n.Inputs.Any(i => i != null && dependsOnX.Contains(i))) continue;
                path.Add(n);
                foreach (var o in n.Outputs) if (o != null) dependsOnX.Add(o);
            }
            if (!y.Shape.IsStatic) return c.Fail(DiagnosticIds.DynamicShape, "'y' has shape " + y.Shape + "; the seed of ones needs a static shape.");

            // A scalar one expanded to y's shape rather than a y-sized constant: a y of 400 million elements made the
            // compiler fill 3 GB of doubles for 10 s and more (found by fuzzing). Small seeds still fold to a constant.
            var seed = r.Emit("Expand", new Value?[] { r.Constant(Filled(y.Type, Shape.Scalar, 1)), r.Int64s(y.Shape.ToStatic()) }, into: null);
            if (seed == null) return false;
            var adjoint = new Dictionary<Value, Value> { [y] = seed };
            for (int k = path.Count - 1; k >= 0; k--)
            {
                var n = path[k];
                var output = n.Outputs.Count == 1 ? n.Outputs[0] : null;
                if (output == null || !adjoint.TryGetValue(output, out var g)) continue;
                if (!Backward(r, n, g, adjoint)) return false;
            }
            for (int i = 0; i < targets.Count && i < r.Node.Outputs.Count; i++)
            {
                if (r.Node.Outputs[i] == null) continue;
                var x = targets[i];
                var dx = adjoint.TryGetValue(x, out var a) ? a : x.Shape!.IsStatic ? r.Constant(Filled(x.Type, x.Shape, 0)) : null;
                if (dx == null) return c.Fail(DiagnosticIds.DynamicShape, "'" + x.Name + "' has shape " + x.Shape + " and y does not depend on it; its zero gradient needs a static shape.");
                if (r.Emit("Identity", new[] { dx }, into: i) == null) return false;
            }
            return true;
        }

        /// <summary>Adds <paramref name="n"/>'s contribution to its inputs' adjoints, given its output's adjoint <paramref name="g"/>.</summary>
        private static bool Backward(OpRewrite r, Node n, Value g, Dictionary<Value, Value> adjoint)
        {
            if (!Differentiable.Contains(n.OpType) || n.Domain.Length != 0)
                return r.Context.Fail(DiagnosticIds.UnsupportedOp, "y depends on the xs through " + n.Describe() + ", which Gradient does not differentiate (only " + string.Join(", ", Differentiable) + ").");
            var inputs = n.Inputs.Where(i => i != null).Select(i => i!).ToList();
            if (inputs.Any(i => !i.Shape!.Equals(n.Outputs[0]!.Shape)))
                return r.Context.Fail(DiagnosticIds.UnsupportedAttribute, "y depends on the xs through " + n.Describe() + ", whose operands broadcast; Gradient differentiates equal shapes only.");
            var a = inputs[0];
            var b = inputs.Count > 1 ? inputs[1] : null;
            switch (n.OpType)
            {
                case "Add": return Accumulate(r, adjoint, a, g) && Accumulate(r, adjoint, b!, g);
                case "Identity": return Accumulate(r, adjoint, a, g);
                case "Neg": return Accumulate(r, adjoint, a, r.Emit("Neg", new[] { g }, into: null));
                case "Sub": return Accumulate(r, adjoint, a, g) && Accumulate(r, adjoint, b!, r.Emit("Neg", new[] { g }, into: null));
                case "Mul": return Accumulate(r, adjoint, a, r.Emit("Mul", new[] { g, b }, into: null)) && Accumulate(r, adjoint, b!, r.Emit("Mul", new[] { g, a }, into: null));
                default: // Div: d(a/b)/da = 1/b, d(a/b)/db = −a/b²
                    var quotient = r.Emit("Div", new[] { g, b }, into: null);
                    if (quotient == null || !Accumulate(r, adjoint, a, quotient)) return false;
                    var ratio = r.Emit("Div", new[] { a, b }, into: null);
                    var scaled = ratio == null ? null : r.Emit("Mul", new[] { quotient, ratio }, into: null);
                    return Accumulate(r, adjoint, b!, scaled == null ? null : r.Emit("Neg", new[] { scaled }, into: null));
            }
        }

        /// <summary>adjoint[v] += contribution (a new Add when v already has one); false when building the contribution failed.</summary>
        private static bool Accumulate(OpRewrite r, Dictionary<Value, Value> adjoint, Value v, Value? contribution)
        {
            if (contribution == null) return false;
            if (!adjoint.TryGetValue(v, out var existing)) { adjoint[v] = contribution; return true; }
            var sum = r.Emit("Add", new[] { existing, contribution }, into: null);
            if (sum == null) return false;
            adjoint[v] = sum;
            return true;
        }

        private static TensorData Filled(ElementType type, Shape shape, double value)
        {
            var dims = shape.ToStatic();
            return TensorData.FromDoubleValues(type, dims, Enumerable.Repeat(value, (int)dims.Aggregate(1L, (p, d) => p * d)).ToArray());
        }
    }
}
