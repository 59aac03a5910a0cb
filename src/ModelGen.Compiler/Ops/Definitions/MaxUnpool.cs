using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>The shape MaxPool's indices refer to, the output shape, and whether the output dims are read at run time.</summary>
    internal sealed record MaxUnpoolPlan(ValueList<Dim> Inferred, Shape Output, bool RuntimeShape) : OpPlan;

    /// <summary>
    /// ONNX MaxUnpool: a zero tensor with each x element put at its flat index I, the index counting in the shape
    /// the attributes give, [N, C, (in − 1)·stride − padBegin − padEnd + kernel...]. With output_shape that tensor
    /// sits at the origin of an output of that shape (as ONNX's reference does; pads are then ignored). An
    /// output_shape known only at run time gives run-time dims. Spec: https://onnx.ai/onnx/operators/onnx__MaxUnpool.html
    /// </summary>
    internal sealed class MaxUnpool : Op<MaxUnpoolPlan>
    {
        private static readonly Attr<long[]?> KernelShape = Attr.Ints("kernel_shape").Required();
        private static readonly Attr<long[]?> Pads = Attr.Ints("pads");
        private static readonly Attr<long[]?> Strides = Attr.Ints("strides");

        public override OpSchema Schema { get; } = new OpSchema("MaxUnpool", new[] { 9, 11, 22 })
            .Input("X", "T1").Input("I", "T2").Input("output_shape", "T2", optional: true).Output("output", "T1")
            .Types("T1", TypeSets.Float).Types("T2", TypeSets.Int64).WithAttributes(KernelShape, Pads, Strides);

        public override string Summary => "scatters pooled values back to MaxPool's indices (kernel_shape, strides, pads); output_shape at build time or read at run time.";

        protected override MaxUnpoolPlan? Infer(InferContext c)
        {
            var x = c.InShape(0);
            int spatial = x.Rank - 2;
            if (spatial < 1 || spatial > 6 || !c.InShape(1).Equals(x))
                return c.Reject<MaxUnpoolPlan>(DiagnosticIds.ShapeMismatch, "X " + x + " must be [N, C, 1 to 6 spatial dims] and I " + c.InShape(1) + " the same shape.");
            var kernel = c.Get(KernelShape)!;
            var strides = c.Get(Strides) ?? Enumerable.Repeat(1L, spatial).ToArray();
            var pads = c.Get(Pads) ?? new long[2 * spatial];
            if (kernel.Length != spatial || strides.Length != spatial || pads.Length != 2 * spatial || kernel.Any(k => k < 1) || strides.Any(s => s < 1) || pads.Any(p => p < 0))
                return c.Reject<MaxUnpoolPlan>(DiagnosticIds.UnsupportedAttribute, "kernel_shape and strides need " + spatial + " positive values, pads " + 2 * spatial + " non-negative ones.");
            var inferred = new[] { x[0], x[1] }.Concat(Enumerable.Range(0, spatial).Select(d => (x[d + 2] - 1) * strides[d] - (pads[d] + pads[d + spatial]) + kernel[d])).ToArray();
            Shape output;
            bool runtime = false;
            if (!c.HasInput(2)) output = new Shape(inferred);
            else
            {
                var shape = c.InShape(2);
                if (shape.Rank != 1 || (shape[0].IsStatic && shape[0].Value != x.Rank))
                    return c.Reject<MaxUnpoolPlan>(DiagnosticIds.ShapeMismatch, "output_shape " + shape + " must hold " + x.Rank + " dims.");
                var known = c.StaticInts(2);
                if (known != null)
                {
                    if (known.Any(d => d < 0)) return c.Reject<MaxUnpoolPlan>(DiagnosticIds.ShapeMismatch, "output_shape has a negative dim.");
                    output = new Shape(known.Select(Dim.Of));
                }
                else
                {
                    runtime = true;
                    output = new Shape(Enumerable.Range(0, x.Rank).Select(i => c.RuntimeDim(i, null)));
                }
            }
            c.SetOutput(0, output);
            return new MaxUnpoolPlan(inferred.ToValueList(), output, runtime);
        }

        protected override void Lower(LowerContext c, MaxUnpoolPlan p)
        {
            if (p.RuntimeShape)
                c.Call("maxunpool.dims").In("outputShape", c.In(2)).Symbols("dims", p.Output.Dims.Select(d => d.SymbolName!)).Emit();
            c.Call("maxunpool", c.InType(0)).In("x", c.In(0)).In("indices", c.In(1)).Out("y", c.Out(0))
                .Dim("count", c.InShape(0).ElementCount).Dims("inferred", p.Inferred).Dims("outShape", p.Output.Dims).Emit();
        }
    }
}
