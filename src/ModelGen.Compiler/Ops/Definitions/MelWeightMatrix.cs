using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>The output type and dims [dft_length/2 + 1, num_mel_bins] (run-time dims when run time reads them).</summary>
    internal sealed record MelWeightMatrixPlan(ElementType Type, Dim Bins, Dim Mels, bool DimsAtRunTime) : OpPlan;

    /// <summary>
    /// ONNX MelWeightMatrix: num_mel_bins triangular filters of peak 1 over the dft_length/2 + 1 DFT bins, their edges
    /// spaced evenly on the mel scale 2595·log10(1 + f/700) between the two edge frequencies and rounded down to
    /// bins, ⌊(dft_length + 1)·f / sample_rate⌋, as ONNX's reference computes them (mel edges in the frequencies'
    /// type, bins in double). Inputs known at build time fold to a constant; else a kernel computes it at run time.
    /// Spec: https://onnx.ai/onnx/operators/onnx__MelWeightMatrix.html
    /// </summary>
    internal sealed class MelWeightMatrix : Op<MelWeightMatrixPlan>
    {
        private static readonly Attr<long> OutputDatatype = Attr.Int("output_datatype", (long)ElementType.Float);

        public override OpSchema Schema { get; } = new OpSchema("MelWeightMatrix", new[] { 17 })
            .Input("num_mel_bins", "T1").Input("dft_length", "T1").Input("sample_rate", "T1").Input("lower_edge_hertz", "T2").Input("upper_edge_hertz", "T2")
            .Output("output", "T3").Types("T1", TypeSets.Indices).Types("T2", TypeSets.Float).Types("T3", TypeSets.Numeric).WithAttributes(OutputDatatype);

        public override string Summary => "triangular mel filters over the one-sided DFT bins, as 'output_datatype'; build-time inputs fold to a constant, run-time ones run a kernel.";

        protected override MelWeightMatrixPlan? Infer(InferContext c)
        {
            for (int i = 0; i < 5; i++)
                if (!c.InShape(i).ElementCount.Equals(Dim.One))
                    return c.Reject<MelWeightMatrixPlan>(DiagnosticIds.ShapeMismatch, "'" + c.In(i).Name + "' must be a scalar, not " + c.InShape(i) + ".");
            var type = (ElementType)c.Get(OutputDatatype);
            if (!TypeSets.Numeric.Contains(type))
                return c.Reject<MelWeightMatrixPlan>(DiagnosticIds.UnsupportedElementType, "output_datatype " + c.Get(OutputDatatype) + " is not a supported numeric type.");
            var mels = c.InDims(0)?[0];
            var dft = c.InDims(1)?[0];
            if (mels != null && dft != null)
            {
                if ((mels.IsStatic && mels.Value < 1) || (dft.IsStatic && dft.Value < 1))
                    return c.Reject<MelWeightMatrixPlan>(DiagnosticIds.ShapeMismatch, "num_mel_bins " + mels + " and dft_length " + dft + " must be positive.");
                var bins = Dim.FloorDiv(dft, Dim.Of(2)) + Dim.One;
                c.SetOutput(0, type, new Shape(new[] { bins, mels }));
                return new MelWeightMatrixPlan(type, bins, mels, false);
            }
            var rtBins = c.RuntimeDim(0, null);
            var rtMels = c.RuntimeDim(1, null);
            c.SetOutput(0, type, new Shape(new[] { rtBins, rtMels }));
            return new MelWeightMatrixPlan(type, rtBins, rtMels, true);
        }

        protected override bool Evaluate(EvalContext c, MelWeightMatrixPlan p)
        {
            var edgeType = c.In(3).Type;
            if (p.DimsAtRunTime || !p.Bins.IsStatic || !p.Mels.IsStatic || Enumerable.Range(0, 5).Any(i => !c.IsConcrete(i))) return false;
            if (edgeType != ElementType.Float && edgeType != ElementType.Double) return false; // float16 edges: the run-time kernel rounds as float16 does
            int bins = (int)p.Bins.Value, mels = (int)p.Mels.Value;
            long dft = c.Concrete(1).AsInt64()[0], rate = c.Concrete(2).AsInt64()[0];
            double lower = c.Concrete(3).AsDouble()[0], upper = c.Concrete(4).AsDouble()[0];
            if (rate == 0) return false;
            double low, step;
            if (edgeType == ElementType.Float)
            {
                float l = MelF((float)lower), h = MelF((float)upper);
                low = l;
                step = (h - l) / (float)(mels + 2);
            }
            else
            {
                low = Mel(lower);
                step = (Mel(upper) - low) / (mels + 2);
            }
            var edges = Enumerable.Range(0, mels + 2).Select(k => (long)FloorDivide((dft + 1) * (700 * (System.Math.Pow(10, (k * step + low) / 2595) - 1)), rate)).ToArray();
            if (edges.Any(e => e < 0 || e > bins)) return false; // the run-time kernel reports it
            var values = new double[bins * mels];
            for (int m = 0; m < mels; m++)
            {
                long left = edges[m], center = edges[m + 1], right = edges[m + 2];
                if (center >= bins) return false;
                if (center == left) values[center * mels + m] = 1;
                else
                    for (long j = left; j <= center; j++) values[j * mels + m] = (double)(j - left) / (center - left);
                for (long j = center; j < right; j++) values[j * mels + m] = (double)(right - j) / (right - center);
            }
            var dims = new long[] { bins, mels };
            c.Set(0, ElementTypes.IsFloatingPoint(p.Type)
                ? TensorData.FromDoubleValues(p.Type, dims, values)
                : TensorData.FromInt64Values(p.Type, dims, values.Select(v => (long)v).ToArray()));
            return true;
        }

        /// <summary>2595·log10(1 + f/700) rounded to float at each step, as numpy computes it on float32 scalars.</summary>
        private static float MelF(float hertz)
        {
            float ratio = hertz / 700f;
            float sum = 1f + ratio;
            float log = (float)System.Math.Log10(sum);
            return 2595f * log;
        }

        private static double Mel(double hertz) => 2595 * System.Math.Log10(1 + hertz / 700);

        /// <summary>a // b as numpy computes it for doubles (through fmod).</summary>
        private static double FloorDivide(double a, double b)
        {
            double mod = a % b, div = (a - mod) / b;
            if (mod != 0 && (b < 0) != (mod < 0)) div -= 1;
            double floor = System.Math.Floor(div);
            return div - floor > 0.5 ? floor + 1 : floor;
        }

        protected override void Lower(LowerContext c, MelWeightMatrixPlan p)
        {
            if (p.DimsAtRunTime)
                c.Call("melweightmatrix.dims", c.InType(0)).In("numMelBins", c.In(0)).In("dftLength", c.In(1)).Symbols("dims", new[] { p.Bins.SymbolName!, p.Mels.SymbolName! }).Emit();
            c.Call("melweightmatrix", c.InType(0), c.InType(3), p.Type).In("numMelBins", c.In(0)).In("dftLength", c.In(1)).In("sampleRate", c.In(2))
                .In("lowerEdgeHertz", c.In(3)).In("upperEdgeHertz", c.In(4)).Out("y", c.Out(0)).Emit();
        }
    }
}
