using System;
using System.Globalization;
using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Reading;

namespace ModelGen.Tests.Differential
{
    /// <summary>How ModelGen's outputs compared with ONNX Runtime's, over all outputs of a case.</summary>
    internal sealed class DiffStats
    {
        public long Elements { get; set; }
        public long Outside { get; set; }
        public double MaxAbs { get; set; }

        /// <summary>Largest |a-e|/|e| over elements with |e| &gt;= <see cref="DiffComparer.RelFloor"/> (smaller ones are judged by atol).</summary>
        public double MaxRel { get; set; }

        /// <summary>Largest |a-e| / (atol + rtol·|e|): at most 1 when every element is within tolerance.</summary>
        public double WorstRatio { get; set; }

        /// <summary>Type, shape or count differences; null when the values were compared.</summary>
        public string? Mismatch { get; set; }

        /// <summary>The worst element, for the failure message.</summary>
        public string? Worst { get; set; }

        public bool Agree => Mismatch == null && Outside == 0;

        public void Merge(DiffStats other)
        {
            Elements += other.Elements;
            Outside += other.Outside;
            MaxAbs = Math.Max(MaxAbs, other.MaxAbs);
            MaxRel = Math.Max(MaxRel, other.MaxRel);
            if (other.WorstRatio > WorstRatio)
            {
                WorstRatio = other.WorstRatio;
                Worst = other.Worst;
            }
            Mismatch ??= other.Mismatch;
        }
    }

    /// <summary>
    /// Element-by-element comparison of one output: NaN matches only NaN, equal infinities match, integers and bool are
    /// compared as integers (exactly when the tolerance is 0).
    /// </summary>
    internal static class DiffComparer
    {
        public const double RelFloor = 1e-3;

        public static DiffStats Compare(TensorFileData ours, TensorFileData reference, Tolerance tol)
        {
            var s = new DiffStats();
            if (ours.Type != reference.Type)
            {
                s.Mismatch = "output '" + reference.Name + "': ModelGen gives " + ElementTypes.OnnxName(ours.Type) + ", ONNX Runtime " + ElementTypes.OnnxName(reference.Type);
                return s;
            }
            if (!ours.Dims.SequenceEqual(reference.Dims))
            {
                s.Mismatch = "output '" + reference.Name + "': ModelGen gives shape [" + string.Join(",", ours.Dims) + "], ONNX Runtime [" + string.Join(",", reference.Dims) + "]";
                return s;
            }
            var a = new TensorData(ours.Type, ours.Dims, ours.Raw);
            var e = new TensorData(reference.Type, reference.Dims, reference.Raw);
            bool integral = ElementTypes.IsInteger(ours.Type) || ours.Type == ElementType.Bool;
            long[]? ai = integral ? a.AsInt64() : null, ei = integral ? e.AsInt64() : null;
            double[] ad = a.AsDouble(), ed = e.AsDouble();
            s.Elements = ad.Length;
            for (int i = 0; i < ad.Length; i++)
            {
                double x = ad[i], y = ed[i];
                if (integral ? ai![i] == ei![i] : (x == y || (double.IsNaN(x) && double.IsNaN(y)))) continue;
                double abs = Math.Abs(x - y);
                if (double.IsNaN(abs)) abs = double.PositiveInfinity; // NaN against a number, or opposite infinities
                double bound = tol.ATol + tol.RTol * Math.Abs(y);
                double ratio = bound > 0 ? abs / bound : double.PositiveInfinity;
                if (!(abs <= bound)) s.Outside++;
                s.MaxAbs = Math.Max(s.MaxAbs, abs);
                if (Math.Abs(y) >= RelFloor) s.MaxRel = Math.Max(s.MaxRel, abs / Math.Abs(y));
                if (ratio > s.WorstRatio || s.Worst == null)
                {
                    s.WorstRatio = Math.Max(s.WorstRatio, ratio);
                    s.Worst = "output '" + reference.Name + "' [" + i + "]: ModelGen " + G(x) + ", ONNX Runtime " + G(y);
                }
            }
            return s;
        }

        public static string G(double v) => v.ToString("G9", CultureInfo.InvariantCulture);
    }
}
