using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ModelGen.Compiler.Reading;

namespace ModelGen.Benchmarks
{
    /// <summary>
    /// Whether ModelGen's outputs agree with ONNX Runtime's before either is timed: per output the largest absolute
    /// difference divided by the output's scale (its largest absolute ORT value), so one tolerance fits logits in the
    /// thousands and activations near one alike.
    /// </summary>
    internal sealed class OutputAgreement
    {
        /// <summary>The largest relative difference a row may show and still be timed (fp32 sums in another order differ far less).</summary>
        public const double Tolerance = 1e-3;

        private OutputAgreement(double maxRelDiff, string? mismatch)
        {
            MaxRelDiff = maxRelDiff;
            Mismatch = mismatch;
        }

        /// <summary>Over all outputs: max |ModelGen − ORT| / max |ORT|.</summary>
        public double MaxRelDiff { get; }

        /// <summary>A difference in count, type, shape or NaN positions; null when none.</summary>
        public string? Mismatch { get; }

        public bool Agrees => Mismatch == null && MaxRelDiff <= Tolerance;

        public string Describe() => Mismatch ?? "max |ModelGen - ORT| / max |ORT| = " + MaxRelDiff.ToString("0.0e+00", CultureInfo.InvariantCulture) +
                                                (Agrees ? "" : " (over " + Tolerance.ToString("0e+00", CultureInfo.InvariantCulture) + ")");

        public static OutputAgreement Compare(IReadOnlyList<TensorFileData> modelGen, IReadOnlyList<TensorFileData> ort)
        {
            if (modelGen.Count != ort.Count) return new OutputAgreement(double.PositiveInfinity, "ModelGen gives " + modelGen.Count + " outputs, ORT " + ort.Count);
            double worst = 0;
            for (int i = 0; i < ort.Count; i++)
            {
                var (a, e) = (modelGen[i], ort[i]);
                string which = "output " + i + " '" + e.Name + "': ";
                if (a.Type != e.Type) return new OutputAgreement(double.PositiveInfinity, which + "ModelGen gives " + a.Type + ", ORT " + e.Type);
                if (!a.Dims.SequenceEqual(e.Dims))
                    return new OutputAgreement(double.PositiveInfinity, which + "ModelGen gives [" + string.Join(",", a.Dims) + "], ORT [" + string.Join(",", e.Dims) + "]");
                double[] x = a.ToTensorData().AsDouble(), y = e.ToTensorData().AsDouble();
                double scale = 0, diff = 0;
                for (int k = 0; k < y.Length; k++)
                {
                    if (double.IsNaN(x[k]) != double.IsNaN(y[k])) return new OutputAgreement(double.PositiveInfinity, which + "NaN at element " + k + " on one side only");
                    if (double.IsNaN(y[k]) || (double.IsInfinity(y[k]) && x[k] == y[k])) continue;
                    scale = Math.Max(scale, Math.Abs(y[k]));
                    diff = Math.Max(diff, Math.Abs(x[k] - y[k]));
                }
                worst = Math.Max(worst, scale > 0 ? diff / scale : diff);
            }
            return new OutputAgreement(worst, null);
        }
    }
}
