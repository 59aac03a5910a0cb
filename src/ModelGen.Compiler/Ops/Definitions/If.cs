using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;
using ModelGen.Compiler.Shapes;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>The two branches; <see cref="Known"/> is the condition when the build knows it, and then only that branch was inferred.</summary>
    internal sealed record IfPlan(Graph Then, Graph Else, bool? Known) : OpPlan;

    /// <summary>
    /// ONNX If over tensors: runs then_branch or else_branch, whose results become the node's outputs. The branches
    /// are nested graphs that read the enclosing scopes; they compile into the two arms of a C# if. Corresponding
    /// results must have the same type and, for now, the same shape. Sequence and optional results come with the
    /// breadth issue. Spec: https://onnx.ai/onnx/operators/onnx__If.html
    /// </summary>
    internal sealed class If : Op<IfPlan>
    {
        private static readonly Attr<Graph?> ThenBranch = Attr.Graph("then_branch").Required();
        private static readonly Attr<Graph?> ElseBranch = Attr.Graph("else_branch").Required();

        public override OpSchema Schema { get; } = new OpSchema("If", new[] { 1, 11, 13, 16, 19, 21, 23, 24, 25 })
            .Input("cond", "B").Output("outputs", "V", variadic: true)
            .Types("B", TypeSets.Bool).Types("V", TypeSets.Any).WithAttributes(ThenBranch, ElseBranch);

        public override string Summary => "runs then_branch or else_branch (tensor results of equal shapes) as a C# if; the branches read the enclosing scopes.";

        protected override IfPlan? Infer(InferContext c)
        {
            if (!c.InShape(0).ElementCount.Equals(Dim.One)) return c.Reject<IfPlan>(DiagnosticIds.ShapeMismatch, "'cond' must hold one element, not " + c.InShape(0) + ".");
            var then = c.Get(ThenBranch)!;
            var @else = c.Get(ElseBranch)!;
            // A condition known at build time (exporters branch on ranks and sizes) selects one branch; the other
            // may not even be valid for these shapes (a 3-D path given a 2-D input), so it is neither inferred nor emitted.
            bool? known = c.InData(0) is TensorData cond ? cond.AsInt64()[0] != 0 : (bool?)null;
            var inferred = known == null ? new[] { then, @else } : new[] { known.Value ? then : @else };
            foreach (var body in inferred)
            {
                if (body.Inputs.Count != 0) return c.Reject<IfPlan>(DiagnosticIds.InvalidGraph, "a branch must take no inputs, '" + body.Name + "' takes " + body.Inputs.Count + ".");
                if (body.Outputs.Count != c.Node.Outputs.Count)
                    return c.Reject<IfPlan>(DiagnosticIds.InvalidGraph, "branch '" + body.Name + "' has " + body.Outputs.Count + " results for " + c.Node.Outputs.Count + " outputs.");
                if (!BodyInference.Infer(body, c)) return null;
            }
            if (known != null)
            {
                var taken = known.Value ? then : @else;
                for (int i = 0; i < c.Node.Outputs.Count; i++) c.SetOutput(i, taken.Outputs[i].Type, taken.Outputs[i].Shape!);
                return new IfPlan(then, @else, known);
            }
            for (int i = 0; i < c.Node.Outputs.Count; i++)
            {
                Value t = then.Outputs[i], e = @else.Outputs[i];
                if (t.Type != e.Type) return c.Reject<IfPlan>(DiagnosticIds.InvalidGraph, "result " + i + " is " + ElementTypes.OnnxName(t.Type) + " in one branch and " + ElementTypes.OnnxName(e.Type) + " in the other.");
                if (!t.Shape!.Equals(e.Shape))
                    return c.Reject<IfPlan>(DiagnosticIds.DynamicShape, "result " + i + " has shape " + t.Shape + " in one branch and " + e.Shape + " in the other; branches of different shapes are not supported yet.");
                c.SetOutput(i, t.Type, t.Shape);
            }
            return new IfPlan(then, @else, null);
        }

        protected override void Lower(LowerContext c, IfPlan p)
        {
            if (p.Known == null) c.Add(new IfStep(c.In(0), Branch(c, p.Then), Branch(c, p.Else)));
            else if (p.Known.Value) c.Add(new IfStep(c.In(0), Branch(c, p.Then), new LoweredBlock(p.Else, new List<LoweredNode>())));
            else c.Add(new IfStep(c.In(0), new LoweredBlock(p.Then, new List<LoweredNode>()), Branch(c, p.Else)));
        }

        /// <summary>The branch's calls, then copies of its results into the node's outputs.</summary>
        private static LoweredBlock Branch(LowerContext c, Graph body)
        {
            var block = c.LowerBody(body);
            var copies = new LowerContext(c.Node, c.LowerBody);
            for (int i = 0; i < body.Outputs.Count; i++)
                if (c.HasOutput(i)) copies.Copy(body.Outputs[i], c.Out(i));
            return new LoweredBlock(body, block.Nodes.Concat(new[] { new LoweredNode(c.Node, copies.Steps) }).ToList());
        }
    }
}
