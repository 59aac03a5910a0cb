using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    internal sealed record TransposePlan(ValueList<int> Perm) : OpPlan;

    /// <summary>ONNX Transpose: output axis i is input axis perm[i] (default: reversed). Spec: https://onnx.ai/onnx/operators/onnx__Transpose.html</summary>
    internal sealed class Transpose : Op<TransposePlan>
    {
        public const int MaxRank = 8;

        private static readonly Attr<long[]?> Perm = Attr.Ints("perm");

        public override OpSchema Schema { get; } = new OpSchema("Transpose", new[] { 1, 13, 21, 23, 24, 25 })
            .Input("data", "T").Output("transposed", "T").Types("T", TypeSets.Any).WithAttributes(Perm);

        public override string Summary => "output axis i is input axis perm[i] (default: reversed), rank up to 8.";

        protected override TransposePlan? Infer(InferContext c)
        {
            var x = c.InShape(0);
            if (x.Rank > MaxRank) return c.Reject<TransposePlan>(DiagnosticIds.ShapeMismatch, "rank " + x.Rank + " is above the supported " + MaxRank + ".");
            var perm = c.Get(Perm) ?? Enumerable.Range(0, x.Rank).Reverse().Select(i => (long)i).ToArray();
            if (perm.Length != x.Rank || perm.OrderBy(p => p).Select((p, i) => p != i).Any(b => b))
                return c.Reject<TransposePlan>(DiagnosticIds.UnsupportedAttribute, "perm [" + string.Join(",", perm) + "] is not a permutation of the " + x.Rank + " axes.");
            var p32 = perm.Select(p => (int)p).ToValueList();
            c.SetOutput(0, new Shape(p32.Select(p => x[p])));
            return new TransposePlan(p32);
        }

        protected override bool Evaluate(EvalContext c, TransposePlan p)
        {
            var inDims = c.In(0).Shape!.ToStatic();
            var outDims = p.Perm.Select(q => inDims[q]).ToArray();
            var inStrides = Indexing.Strides(inDims);
            long count = outDims.Aggregate(1L, (a, b) => a * b);
            var indices = new long[count];
            var idx = new long[outDims.Length];
            for (long n = 0; n < count; n++)
            {
                long src = 0;
                for (int d = 0; d < outDims.Length; d++) src += idx[d] * inStrides[p.Perm[d]];
                indices[n] = src;
                for (int d = outDims.Length - 1; d >= 0 && ++idx[d] == outDims[d]; d--) idx[d] = 0;
            }
            c.Take(0, 0, indices);
            return true;
        }

        protected override void Lower(LowerContext c, TransposePlan p) =>
            c.Call("transpose", c.InType(0)).In("x", c.In(0)).Out("y", c.Out(0)).Dims("inShape", c.InShape(0).Dims).Ints("perm", p.Perm.Select(q => (long)q)).Emit();
    }
}
