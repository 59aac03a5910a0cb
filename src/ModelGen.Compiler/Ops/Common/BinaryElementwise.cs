using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Emit;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Shapes;

namespace ModelGen.Compiler.Ops.Common
{
    /// <summary>
    /// Shared shape of Add, Sub, Mul, Div: two inputs of one type, numpy broadcasting (opset 7+),
    /// or the legacy broadcast/axis attributes (opsets 1-6), one kernel call, and build-time folding.
    /// </summary>
    internal abstract class BinaryElementwise : OpDefinition
    {
        /// <summary>Kernel method in ModelGen.Runtime.Kernels.Binary.</summary>
        protected abstract string KernelMethod { get; }

        protected abstract double ApplyFloat(double a, double b);

        protected abstract long ApplyInt(long a, long b);

        public override int MaxOpset => 14;

        public override IReadOnlyCollection<string> Attributes { get; } = new[] { "broadcast", "axis", "consumed_inputs" };

        public override void Infer(InferContext c)
        {
            if (!c.ExpectInputs(2, 2) || !c.ExpectType(0, TypeSets.Numeric) || !c.ExpectSameType(0, 1)) return;
            var a = c.InShape(0);
            var b = LegacyAlignedB(c);
            if (b == null) return;
            var y = Broadcasting.Shape(a, b, c);
            if (y == null) return;
            c.State = b;
            c.SetOutput(0, c.InType(0), y);
        }

        /// <summary>
        /// Opsets before 7 broadcast only when broadcast=1, matching B's dims to A's starting at 'axis'
        /// (default: the trailing dims). Padding B with 1s on both sides turns that into numpy broadcasting.
        /// </summary>
        private static Shape? LegacyAlignedB(InferContext c)
        {
            var a = c.InShape(0);
            var b = c.InShape(1);
            if (c.Opset >= 7 || c.Attr.Int("broadcast", 0) == 0) return b;
            long axis = c.Attr.Int("axis", a.Rank - b.Rank);
            // The default axis may equal A's rank (a scalar B aligns after the last axis), so this is not c.Axis's range check.
            long start = axis < 0 ? axis + a.Rank : axis;
            if (start < 0 || start + b.Rank > a.Rank)
            {
                c.Fail(Diagnostics.DiagnosticIds.ShapeMismatch, "legacy broadcast of " + b + " at axis " + axis + " does not fit " + a + ".");
                return null;
            }
            var dims = Enumerable.Repeat(Dim.One, (int)start).Concat(b.Dims).Concat(Enumerable.Repeat(Dim.One, a.Rank - (int)start - b.Rank));
            return new Shape(dims);
        }

        public override TensorData[]? Fold(InferContext c)
        {
            var a = c.InData(0)!;
            var b = c.InData(1)!;
            var y = c.Node.Outputs[0]!.Shape!;
            var bShape = (Shape)c.State!;
            var ai = Indexing.BroadcastIndices(a.Shape, y);
            var bi = Indexing.BroadcastIndices(bShape, y);
            var type = c.InType(0);
            if (ElementTypes.IsFloatingPoint(type))
            {
                var av = a.AsDouble();
                var bv = b.AsDouble();
                return new[] { TensorData.FromNumbers(type, y.ToStatic(), ai.Select((k, i) => ApplyFloat(av[k], bv[bi[i]])).ToArray()) };
            }
            var al = a.AsInt64();
            var bl = b.AsInt64();
            if (bl.Length > 0 && KernelMethod == "Div" && bl.Any(v => v == 0)) return null; // leave a run-time division by zero to run time
            var values = ai.Select((k, i) => (double)ApplyInt(al[k], bl[bi[i]])).ToArray();
            return new[] { TensorData.FromNumbers(type, y.ToStatic(), values) };
        }

        public override void Emit(EmitContext e)
        {
            var y = e.OutShape(0);
            var aStrides = Broadcasting.Strides(e.InShape(0), y);
            var bStrides = Broadcasting.Strides((Shape)e.State!, y);
            e.Line(EmitContext.Kernel("Binary") + "." + KernelMethod + "<" + e.T(0) + ">(" + e.In(0) + ", " + e.In(1) + ", " + e.Out(0) + ", " +
                   e.Ints(y.Dims) + ", " + e.Ints(aStrides) + ", " + e.Ints(bStrides) + ");");
        }
    }
}
