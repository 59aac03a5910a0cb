using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Common
{
    /// <summary>The window's element type, form and length (a run-time dim when only run time knows the size).</summary>
    internal sealed record WindowPlan(ElementType Type, bool Periodic, Dim Size, bool SizeAtRunTime) : OpPlan;

    /// <summary>
    /// The shared shape of HannWindow, HammingWindow and BlackmanWindow (revision 17): a generalized cosine window
    /// w[k] = a0 − a1·cos(2πk/N) + a2·cos(4πk/N), N = size ('periodic', the default) or size − 1, in double, then
    /// converted to 'output_datatype'. A size known at build time folds the window to a constant; one read at run
    /// time makes the length a run-time dim.
    /// </summary>
    internal abstract class WindowOp : Op<WindowPlan>
    {
        private static readonly Attr<long> OutputDatatype = Attr.Int("output_datatype", (long)ElementType.Float);
        private static readonly Attr<long> Periodic = Attr.Int("periodic", 1);

        protected WindowOp(string opType)
        {
            Schema = new OpSchema(opType, new[] { 17 }).Input("size", "T1").Output("output", "T2")
                .Types("T1", TypeSets.Indices).Types("T2", TypeSets.Numeric).WithAttributes(OutputDatatype, Periodic);
        }

        public override OpSchema Schema { get; }

        /// <summary>The weights a0, a1, a2 of the window's cosine terms.</summary>
        protected abstract (double A0, double A1, double A2) Coefficients { get; }

        protected override WindowPlan? Infer(InferContext c)
        {
            if (!c.InShape(0).ElementCount.Equals(Dim.One))
                return c.Reject<WindowPlan>(DiagnosticIds.ShapeMismatch, "'size' must be a scalar, not " + c.InShape(0) + ".");
            var type = (ElementType)c.Get(OutputDatatype);
            if (!TypeSets.Numeric.Contains(type))
                return c.Reject<WindowPlan>(DiagnosticIds.UnsupportedElementType, "output_datatype " + c.Get(OutputDatatype) + " is not a supported numeric type.");
            long periodic = c.Get(Periodic);
            if (periodic != 0 && periodic != 1) return c.Reject<WindowPlan>(DiagnosticIds.UnsupportedAttribute, "periodic=" + periodic + " must be 0 or 1.");
            var known = c.InDims(0);
            if (known != null)
            {
                var size = known[0];
                if (size.IsStatic && size.Value < 0) return c.Reject<WindowPlan>(DiagnosticIds.ShapeMismatch, "the window size " + size + " is negative.");
                c.SetOutput(0, type, new Shape(new[] { size }));
                return new WindowPlan(type, periodic == 1, size, false);
            }
            var runtime = c.RuntimeDim(0, null);
            c.SetOutput(0, type, new Shape(new[] { runtime }));
            return new WindowPlan(type, periodic == 1, runtime, true);
        }

        protected override bool Evaluate(EvalContext c, WindowPlan p)
        {
            if (p.SizeAtRunTime || !p.Size.IsStatic) return false;
            int n = (int)p.Size.Value;
            var (a0, a1, a2) = Coefficients;
            double period = p.Periodic ? n : n - 1;
            var values = Enumerable.Range(0, n).Select(k => a0 - a1 * System.Math.Cos(2 * System.Math.PI * k / period) + a2 * System.Math.Cos(4 * System.Math.PI * k / period)).ToArray();
            var dims = new long[] { n };
            c.Set(0, ElementTypes.IsFloatingPoint(p.Type)
                ? TensorData.FromDoubleValues(p.Type, dims, values)
                : TensorData.FromInt64Values(p.Type, dims, values.Select(v => (long)v).ToArray()));
            return true;
        }

        protected override void Lower(LowerContext c, WindowPlan p)
        {
            if (p.SizeAtRunTime)
                c.Call("window.size", c.InType(0)).In("size", c.In(0)).Symbols("count", new[] { p.Size.SymbolName! }).Emit();
            var (a0, a1, a2) = Coefficients;
            c.Call("window", p.Type).Out("y", c.Out(0)).Dim("size", p.Size)
                .Scalar("a0", ElementType.Double, a0).Scalar("a1", ElementType.Double, a1).Scalar("a2", ElementType.Double, a2).Bool("periodic", p.Periodic).Emit();
        }
    }
}
