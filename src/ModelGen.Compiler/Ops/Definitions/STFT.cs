using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>The frames and bins of the output (run-time dims when run time reads the step or the frame length) and the kernel's scratch.</summary>
    internal sealed record StftPlan(bool Onesided, Dim Frames, Dim Bins, bool DimsAtRunTime, Dim Work) : OpPlan;

    /// <summary>
    /// ONNX STFT: signal [batch, length, 1 or 2] cut into frames every frame_step samples, each of the window's length
    /// (frame_length without a window; zero past the end) and weighted by it, then transformed with the DFT kernel's FFT
    /// of frame_length points (default: the window's length, else the signal's): [batch, frames, bins, 2], with
    /// frames = (length − frame_length)/frame_step + 1 and bins = frame_length/2 + 1 when onesided (the default).
    /// frame_step and frame_length read at run time make frames and bins run-time dims.
    /// Spec: https://onnx.ai/onnx/operators/onnx__STFT.html
    /// </summary>
    internal sealed class STFT : Op<StftPlan>
    {
        private static readonly Attr<long> Onesided = Attr.Int("onesided", 1);

        public override OpSchema Schema { get; } = new OpSchema("STFT", new[] { 17 })
            .Input("signal", "T1").Input("frame_step", "T2").Input("window", "T1", optional: true).Input("frame_length", "T2", optional: true).Output("output", "T1")
            .Types("T1", TypeSets.Float).Types("T2", TypeSets.Indices).WithAttributes(Onesided);

        public override string Summary => "short-time Fourier transform: framed, windowed FFTs of a real or complex signal (onesided by default); step and frame length at build time or run time.";

        protected override StftPlan? Infer(InferContext c)
        {
            var x = c.InShape(0);
            if (x.Rank != 3 || !x[2].IsStatic || (x[2].Value != 1 && x[2].Value != 2))
                return c.Reject<StftPlan>(DiagnosticIds.ShapeMismatch, "the signal " + x + " must be [batch, length, 1 or 2].");
            long onesided = c.Get(Onesided);
            if (onesided != 0 && onesided != 1) return c.Reject<StftPlan>(DiagnosticIds.UnsupportedAttribute, "onesided=" + onesided + " must be 0 or 1.");
            if (!c.InShape(1).ElementCount.Equals(Dim.One) || (c.HasInput(3) && !c.InShape(3).ElementCount.Equals(Dim.One)))
                return c.Reject<StftPlan>(DiagnosticIds.ShapeMismatch, "'frame_step' and 'frame_length' must be scalars.");
            if (c.HasInput(2) && c.InShape(2).Rank != 1)
                return c.Reject<StftPlan>(DiagnosticIds.ShapeMismatch, "the window must be 1-D, not " + c.InShape(2) + ".");

            var length = x[1];
            long? step = c.StaticInts(1)?[0];
            Dim? n = c.HasInput(3) ? (c.StaticInts(3) is long[] fl ? Dim.Of(fl[0]) : null) : c.HasInput(2) ? c.InShape(2)[0] : length;
            var work = (n ?? length) * Dim.Of(6);
            if (step is long s && n != null)
            {
                if (s < 1) return c.Reject<StftPlan>(DiagnosticIds.UnsupportedAttribute, "frame_step=" + s + " must be positive.");
                if (n.IsStatic && (n.Value < 1 || (length.IsStatic && n.Value > length.Value)))
                    return c.Reject<StftPlan>(DiagnosticIds.ShapeMismatch, "frame_length " + n + " must be in [1, " + length + "], the signal length.");
                var frames = Dim.FloorDiv(length - n, Dim.Of(s)) + Dim.One;
                var bins = onesided == 1 ? Dim.FloorDiv(n, Dim.Of(2)) + Dim.One : n;
                c.SetOutput(0, new Shape(new[] { x[0], frames, bins, Dim.Of(2) }));
                return new StftPlan(onesided == 1, frames, bins, false, work);
            }
            // Frames and bins are each at most the signal's length (frame_step ≥ 1, 1 ≤ frame_length ≤ length).
            var rtFrames = c.RuntimeDim(0, length);
            var rtBins = c.RuntimeDim(1, length);
            c.SetOutput(0, new Shape(new[] { x[0], rtFrames, rtBins, Dim.Of(2) }));
            return new StftPlan(onesided == 1, rtFrames, rtBins, true, work);
        }

        protected override void Lower(LowerContext c, StftPlan p)
        {
            var x = c.InShape(0);
            var window = c.HasInput(2) ? c.In(2) : null;
            var frameLength = c.HasInput(3) ? c.In(3) : null;
            if (p.DimsAtRunTime)
                c.Call("stft.dims", c.InType(1)).In("frameStep", c.In(1)).InOrNone("frameLength", frameLength).Dim("windowLength", window != null ? window.Shape![0] : Dim.Zero)
                    .Dim("signalLength", x[1]).Bool("onesided", p.Onesided).Symbols("dims", new[] { p.Frames.SymbolName!, p.Bins.SymbolName! }).Emit();
            c.Call("stft", c.InType(0), c.InType(1)).In("signal", c.In(0)).In("frameStep", c.In(1)).InOrNone("window", window).InOrNone("frameLength", frameLength)
                .Out("y", c.Out(0)).Dim("batch", x[0]).Dim("signalLength", x[1]).Dim("components", x[2]).Bool("onesided", p.Onesided)
                .Scratch("work", ElementType.Double, p.Work).Emit();
        }
    }
}
