using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Emit;
using ModelGen.Compiler.Ir;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>ONNX Transpose: output axis i is input axis perm[i] (default: reversed). Spec: https://onnx.ai/onnx/operators/onnx__Transpose.html</summary>
    internal sealed class Transpose : OpDefinition
    {
        public const int MaxRank = 8;

        public override string OpType => "Transpose";
        // Opsets 23-25 only added element types (float4, float8e8m0, int2...) that generated code does not hold; the types are checked separately.
        public override int MaxOpset => 25;
        public override IReadOnlyCollection<string> Attributes { get; } = new[] { "perm" };

        public override void Infer(InferContext c)
        {
            if (!c.ExpectInputs(1, 1) || !c.ExpectType(0, TypeSets.Any)) return;
            var x = c.InShape(0);
            if (x.Rank > MaxRank) { c.Fail(DiagnosticIds.ShapeMismatch, "rank " + x.Rank + " is above the supported " + MaxRank + "."); return; }
            var perm = c.Attr.Ints("perm") ?? Enumerable.Range(0, x.Rank).Reverse().Select(i => (long)i).ToArray();
            if (perm.Length != x.Rank || perm.OrderBy(p => p).Select((p, i) => p != i).Any(b => b))
            {
                c.Fail(DiagnosticIds.UnsupportedAttribute, "perm [" + string.Join(",", perm) + "] is not a permutation of the " + x.Rank + " axes.");
                return;
            }
            var p32 = perm.Select(p => (int)p).ToArray();
            c.State = p32;
            c.SetOutput(0, c.InType(0), new Shape(p32.Select(p => x[p])));
        }

        public override TensorData[]? Fold(InferContext c)
        {
            var x = c.InData(0)!;
            var perm = (int[])c.State!;
            var inDims = x.Dims;
            var outDims = perm.Select(p => inDims[p]).ToArray();
            var inStrides = new long[inDims.Length];
            for (long s = 1, i = inDims.Length - 1; i >= 0; s *= inDims[i], i--) inStrides[i] = s;
            var indices = new long[x.ElementCount];
            var idx = new long[outDims.Length];
            for (long n = 0; n < indices.Length; n++)
            {
                long src = 0;
                for (int d = 0; d < outDims.Length; d++) src += idx[d] * inStrides[perm[d]];
                indices[n] = src;
                for (int d = outDims.Length - 1; d >= 0 && ++idx[d] == outDims[d]; d--) idx[d] = 0;
            }
            return new[] { Common.Indexing.Take(x, outDims, indices) };
        }

        public override void Emit(EmitContext e) =>
            e.Line(EmitContext.Kernel("Transpose") + ".Run<" + e.T(0) + ">(" + e.In(0) + ", " + e.Out(0) + ", " + e.Ints(e.InShape(0).Dims) + ", " + e.Ints((int[])e.State!) + ");");
    }
}
