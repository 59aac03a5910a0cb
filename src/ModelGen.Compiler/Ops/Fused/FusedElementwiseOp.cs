using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Schema;
using ModelGen.Compiler.Shapes;

namespace ModelGen.Compiler.Ops.Fused
{
    /// <summary>
    /// A fused elementwise node: one composed expression per output (argument i is operand i), the output shape every
    /// output has, each operand's shape as aligned to it (for broadcasting), and the node input each operand reads.
    /// </summary>
    internal sealed record FusedElementwisePlan(ValueList<BoundExpr> Exprs, Shape Output, ValueList<Shape> Inputs, ValueList<int> Operands) : OpPlan
    {
        /// <summary>
        /// Per operand, how it reads its node input: null (or a dense view) when the input is the operand's own tensor,
        /// laid out densely; otherwise a strided view into a larger tensor (a Slice the loop reads through).
        /// </summary>
        public ValueList<TensorView>? Reads { get; init; }

        /// <summary>
        /// Per expression, where it is stored: null when expression k is node output k, dense, of <see cref="Output"/>'s
        /// shape; otherwise pieces of larger outputs (a Concat the loop writes into), shaped by <see cref="OutputShapes"/>.
        /// </summary>
        public ValueList<TensorTarget>? Writes { get; init; }

        /// <summary>Each node output's shape when <see cref="Writes"/> is set (they tile it exactly).</summary>
        public ValueList<Shape>? OutputShapes { get; init; }

        /// <summary>Whether some operand or expression goes through a view: such a node is final for the fusion passes.</summary>
        public bool HasViews => (Reads != null && Reads.Any(r => !r.IsDense)) || Writes != null;

        /// <summary>Operand <paramref name="i"/>'s element strides over the loop (<see cref="Output"/>), broadcast axes 0.</summary>
        public List<Dim> LoopStrides(int i) =>
            Reads == null || Reads[i].IsDense ? Broadcasting.Strides(Inputs[i], Output) : Reads[i].AlignedTo(Inputs[i], Output);

        /// <summary>The element offset operand <paramref name="i"/> starts at.</summary>
        public Dim ReadOffset(int i) => Reads == null ? Dim.Zero : Reads[i].Offset;
    }

    /// <summary>
    /// A strided view: element (i_0..i_r) of a tensor of some shape is element Offset + Σ i_d·Strides[d] of the buffer it
    /// is read from. No strides means the dense layout of the shape itself (offset 0).
    /// </summary>
    internal sealed record TensorView(Dim Offset, ValueList<Dim> Strides)
    {
        public static readonly TensorView Dense = new TensorView(Dim.Zero, ValueList<Dim>.Empty);

        public bool IsDense => Strides.Count == 0;

        /// <summary>The strides over <paramref name="loop"/> of a view over <paramref name="shape"/>, numpy-aligned: 0 along broadcast axes.</summary>
        public List<Dim> AlignedTo(Shape shape, Shape loop)
        {
            var strides = new List<Dim>();
            for (int a = 0; a < loop.Rank; a++)
            {
                int d = a - (loop.Rank - shape.Rank);
                strides.Add(d < 0 || (shape[d].Equals(Dim.One) && !loop[a].Equals(Dim.One)) ? Dim.Zero : Strides[d]);
            }
            return strides;
        }
    }

    /// <summary>Where one expression of a fused loop is stored: node output <see cref="Output"/>, from element <see cref="Offset"/>, with these strides over the loop's axes.</summary>
    internal sealed record TensorTarget(int Output, Dim Offset, ValueList<Dim> Strides);

    /// <summary>
    /// ai.modelgen::FusedElementwise, the compiler's own op for a connected group of pointwise nodes that the
    /// elementwise-fusion pass merged: every output is one expression over the operands, computed in one pass over
    /// memory by one kernel call ("elementwise.fused"), which the CPU backend renders as a loop specialised to the
    /// shapes and strides. Never in a user's model: it is not in <see cref="OpRegistry"/>, so a model naming it is
    /// rejected like any unknown op; the pass sets each node's op and plan itself.
    /// </summary>
    internal sealed class FusedElementwiseOp : Op<FusedElementwisePlan>
    {
        public const string FusedDomain = "ai.modelgen";
        public const string Name = "FusedElementwise";
        public const string Kernel = "elementwise.fused";

        public static readonly FusedElementwiseOp Instance = new FusedElementwiseOp();

        /// <summary>Inputs and outputs all of one element type (the pass fuses only what computes in one type).</summary>
        public override OpSchema Schema { get; } = new OpSchema(Name, new[] { 1 }, FusedDomain)
            .Input("operands", "T", variadic: true).Output("results", "T", variadic: true);

        public override string Summary => "y_k = expr_k(operands), with broadcasting: elementwise nodes fused into one loop.";

        /// <summary>The plan is the pass's; re-inference (after a neighbouring rewrite) keeps it and re-states the outputs.</summary>
        protected override FusedElementwisePlan? Infer(InferContext c)
        {
            if (!(c.Node.Plan is FusedElementwisePlan p)) return null;
            if (p.OutputShapes != null)
                for (int o = 0; o < p.OutputShapes.Count; o++) c.SetOutput(o, p.Exprs[0].Type, p.OutputShapes[o]);
            else
                for (int i = 0; i < p.Exprs.Count; i++) c.SetOutput(i, p.Exprs[i].Type, p.Output);
            return p;
        }

        protected override void Lower(LowerContext c, FusedElementwisePlan p)
        {
            var type = p.Exprs[0].Type;
            var call = c.Call(Kernel, type);
            for (int i = 0; i < p.Operands.Count; i++) call.In("x" + i, c.In(p.Operands[i]));
            int outputs = p.OutputShapes?.Count ?? p.Exprs.Count;
            for (int k = 0; k < outputs; k++) call.Out("y" + k, c.Out(k));
            call.Dims("shape", p.Output.Dims);
            for (int i = 0; i < p.Operands.Count; i++)
            {
                call.Dims("x" + i + "Strides", p.LoopStrides(i));
                // A view states its offset even when 0: the memory planner keys on it (no in-place output over a view).
                if (p.Reads != null && !p.Reads[i].IsDense) call.Dim("x" + i + "Offset", p.ReadOffset(i));
            }
            for (int k = 0; k < p.Exprs.Count; k++)
            {
                call.Expr("f" + k, p.Exprs[k]);
                if (p.Writes == null) continue;
                // Where expression k is stored: output index, first element, strides over the loop's axes.
                call.Ints("f" + k + "Output", new long[] { p.Writes[k].Output }).Dim("f" + k + "Offset", p.Writes[k].Offset).Dims("f" + k + "Strides", p.Writes[k].Strides);
            }
            call.Emit();
        }

        /// <summary>
        /// Creates a fused node (a fresh name from <paramref name="name"/>) in <paramref name="scope"/> before
        /// <paramref name="before"/> (or at the end), with its 'expr' attribute and the original nodes it stands for.
        /// </summary>
        public static Node Insert(Graph scope, string name, FusedElementwisePlan plan, string[] nodes, IEnumerable<Value?> inputs, IEnumerable<Value?> outputs, Node? before)
        {
            var node = new Node(scope.FreshNodeName(name), Name, FusedDomain, 1) { Revision = 1 };
            node.Op = Instance;
            node.Plan = plan;
            node.Attributes["expr"] = new NodeAttribute("expr", AttributeKind.String) { String = Describe(plan) };
            node.Attributes["nodes"] = new NodeAttribute("nodes", AttributeKind.Strings) { Strings = nodes };
            return scope.InsertNode(node, inputs, outputs, before);
        }

        /// <summary>"exp(a*0.2)*b", or "y0 = ...; y1 = ..." for several outputs: the node's 'expr' attribute, for IR text.</summary>
        public static string Describe(FusedElementwisePlan p)
        {
            // "y0[+2] = ...": expression stored into output 0 from element 2 on (a piece of an absorbed Concat).
            string Target(int k) => p.Writes == null ? "y" + k : "y" + p.Writes[k].Output + "[+" + p.Writes[k].Offset + "]";
            string text = p.Exprs.Count == 1 && p.Writes == null ? p.Exprs[0].Text : string.Join("; ", p.Exprs.Select((e, k) => Target(k) + " = " + e.Text));
            if (p.Reads == null) return text;
            // "; a = view(+2, [17680, 4, 1])": an operand read through a view (an absorbed Slice).
            var names = p.Exprs.SelectMany(e => e.Walk()).Where(x => x.IsArg).GroupBy(x => x.ArgIndex).ToDictionary(x => x.Key, x => x.First().ArgName);
            for (int i = 0; i < p.Reads.Count; i++)
                if (!p.Reads[i].IsDense) text += "; " + (names.TryGetValue(i, out var n) ? n : "x" + i) + " = view(+" + p.Reads[i].Offset + ", " + p.Reads[i].Strides + ")";
            return text;
        }
    }
}
