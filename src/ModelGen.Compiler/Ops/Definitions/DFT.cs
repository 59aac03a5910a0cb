using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// The axis (−1 when run time reads it), the DFT length (0 for the default), the transform, the output shape (its
    /// dims but the last are run-time dims when the axis is read at run time and decides them) and the kernel's scratch.
    /// </summary>
    internal sealed record DftPlan(int Axis, long DftLength, bool Inverse, bool Onesided, Shape Output, bool OutputAtRunTime, Dim Work) : OpPlan;

    /// <summary>
    /// ONNX DFT: the discrete Fourier transform along one axis of [dims..., 1 (real) or 2 (complex)], in double (radix-2
    /// FFT for power-of-two lengths, a direct sum otherwise). dft_length cuts or zero-pads the sequence; onesided keeps
    /// bins 0..n/2 forward (RFFT) and reads them back into a real signal inverse (IRFFT); the inverse is scaled by 1/n.
    /// The axis is an attribute (revision 17, default 1) or an input (revision 20, default −2), which run time may
    /// supply. dft_length must be known at build time. Spec: https://onnx.ai/onnx/operators/onnx__DFT.html
    /// </summary>
    internal sealed class DFT : Op<DftPlan>
    {
        private static readonly Attr<long> AxisAttribute = Attr.Int("axis", 1).Until(17);
        private static readonly Attr<long> Inverse = Attr.Int("inverse", 0);
        private static readonly Attr<long> Onesided = Attr.Int("onesided", 0);

        public override OpSchema Schema { get; } = new OpSchema("DFT", new[] { 17, 20 })
            .Input("input", "T1").Input("dft_length", "T2", optional: true).Input("axis", "I", optional: true, from: 20).Output("output", "T1")
            .Types("T1", TypeSets.Float).Types("T2", TypeSets.Indices).Types("I", TypeSets.Int64).WithAttributes(AxisAttribute, Inverse, Onesided);

        public override string Summary => "discrete Fourier transform along an axis (build-time or run-time), complex or real input, inverse, RFFT and IRFFT (onesided), dft_length; FFT in double.";

        protected override DftPlan? Infer(InferContext c)
        {
            var x = c.InShape(0);
            int rank = x.Rank;
            if (rank < 2 || !x[rank - 1].IsStatic || (x[rank - 1].Value != 1 && x[rank - 1].Value != 2))
                return c.Reject<DftPlan>(DiagnosticIds.ShapeMismatch, "the input " + x + " must end in a components dim of 1 (real) or 2 (complex).");
            long inverse = c.Get(Inverse), onesided = c.Get(Onesided);
            if ((inverse != 0 && inverse != 1) || (onesided != 0 && onesided != 1))
                return c.Reject<DftPlan>(DiagnosticIds.UnsupportedAttribute, "inverse=" + inverse + " and onesided=" + onesided + " must each be 0 or 1.");
            bool inv = inverse == 1, one = onesided == 1;

            long dftLength = 0;
            if (c.HasInput(1))
            {
                if (!c.InShape(1).ElementCount.Equals(Dim.One)) return c.Reject<DftPlan>(DiagnosticIds.ShapeMismatch, "'dft_length' must be a scalar, not " + c.InShape(1) + ".");
                var known = c.StaticInts(1);
                if (known == null) return c.Reject<DftPlan>(DiagnosticIds.DynamicShape, "'dft_length' must be a build-time constant (it sizes the kernel's scratch).");
                if (known[0] < 1 || known[0] > int.MaxValue) return c.Reject<DftPlan>(DiagnosticIds.ShapeMismatch, "dft_length=" + known[0] + " must be positive.");
                dftLength = known[0];
            }

            long? axis = -2;
            if (c.Revision < 20) axis = c.Get(AxisAttribute);
            else if (c.HasInput(2))
            {
                if (!c.InShape(2).ElementCount.Equals(Dim.One)) return c.Reject<DftPlan>(DiagnosticIds.ShapeMismatch, "'axis' must be a scalar, not " + c.InShape(2) + ".");
                axis = c.StaticInts(2)?[0];
            }

            var last = Dim.Of(inv && one ? 1 : 2);
            if (axis is long a)
            {
                int normalized = (int)(a < 0 ? a + rank : a);
                if (normalized < 0 || normalized > rank - 2)
                    return c.Reject<DftPlan>(DiagnosticIds.UnsupportedAttribute, "axis=" + a + " is out of range for rank " + rank + " (the last axis holds the components).");
                var n = Length(x[normalized], dftLength, inv, one);
                if (n.IsStatic && n.Value < 1) return c.Reject<DftPlan>(DiagnosticIds.ShapeMismatch, "the DFT length " + n + " must be positive.");
                var dims = x.Dims.ToArray();
                dims[normalized] = OutLength(n, inv, one);
                dims[rank - 1] = last;
                var output = new Shape(dims);
                c.SetOutput(0, output);
                return new DftPlan(normalized, dftLength, inv, one, output, false, Fft(n));
            }

            // The axis is read at run time: it decides the output dims unless the transform keeps the axis's length.
            var signal = Enumerable.Range(0, rank - 1).Select(i => x[i]).ToList();
            var work = Fft(Dim.Max(signal.Select(d => Length(d, dftLength, inv, one))));
            if (!one && dftLength == 0)
            {
                var same = new Shape(signal.Concat(new[] { last }));
                c.SetOutput(0, same);
                return new DftPlan(-1, dftLength, inv, one, same, false, work);
            }
            var runtime = new Shape(signal.Select((d, i) => c.RuntimeDim(i, Dim.Max(d, OutLength(Length(d, dftLength, inv, one), inv, one)))).Concat(new[] { last }));
            c.SetOutput(0, runtime);
            return new DftPlan(-1, dftLength, inv, one, runtime, true, work);
        }

        /// <summary>The DFT length along an axis of <paramref name="axisLength"/>: dft_length, else the axis length (2·(length − 1) for IRFFT).</summary>
        private static Dim Length(Dim axisLength, long dftLength, bool inverse, bool onesided) =>
            dftLength > 0 ? Dim.Of(dftLength) : inverse && onesided ? (axisLength - Dim.One) * Dim.Of(2) : axisLength;

        private static Dim OutLength(Dim n, bool inverse, bool onesided) => onesided && !inverse ? Dim.FloorDiv(n, Dim.Of(2)) + Dim.One : n;

        /// <summary>The kernel's scratch for length n: the sequence, the twiddles and a result row (Fft.WorkLength).</summary>
        private static Dim Fft(Dim n) => n * Dim.Of(6);

        protected override void Lower(LowerContext c, DftPlan p)
        {
            var x = c.InShape(0);
            var axis = p.Axis < 0 ? c.In(2) : null;
            if (p.OutputAtRunTime)
                c.Call("dft.dims", ElementType.Int64).In("axis", c.In(2)).Dims("inShape", x.Dims).Integer("dftLength", ElementType.Int32, p.DftLength)
                    .Bool("inverse", p.Inverse).Bool("onesided", p.Onesided).Symbols("dims", p.Output.Dims.Take(x.Rank - 1).Select(d => d.SymbolName!)).Emit();
            c.Call("dft", c.InType(0), ElementType.Int64).In("x", c.In(0)).InOrNone("axis", axis).Out("y", c.Out(0)).Dims("inShape", x.Dims)
                .Integer("plannedAxis", ElementType.Int32, System.Math.Max(p.Axis, 0)).Integer("dftLength", ElementType.Int32, p.DftLength)
                .Bool("inverse", p.Inverse).Bool("onesided", p.Onesided).Scratch("work", ElementType.Double, p.Work).Emit();
        }
    }
}
